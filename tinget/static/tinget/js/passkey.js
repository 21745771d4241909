// Passkeys: allauth's webauthn.js reports a dialog the person cancelled, or a device that
// refused, as an "allauth.error" event (and only logs it). Say it on the page instead, in
// the page's language (the sentence is in the markup), in an alert region that screen
// readers announce.
document.addEventListener("allauth.error", function (event) {
  var box = document.getElementById("passkey-error");
  if (!box) {
    return;
  }
  event.preventDefault();
  box.querySelector(".alert-text").textContent = box.getAttribute("data-message");
  box.hidden = false;
});
