// Start Det Fælles Designsystem's components (no inline scripts: the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});
