// <tinget-programme series="slug">: a series' upcoming sessions and sign-up, on a partner's page.
//
// Paste on the partner's page:
//   <script src="https://tinget.example/static/tinget/widget.js" defer></script>
//   <tinget-programme series="slug"></tinget-programme>
//
// The element draws into an open shadow root, so the partner's CSS cannot break it and ours
// cannot leak out; it inherits font and colour from the page and takes an accent colour from
// the CSS custom properties --tinget-accent, --tinget-on-accent, --tinget-focus and
// --tinget-radius. It never uses cookies (every request has credentials: "omit"), so it works
// with third-party cookies blocked, and it needs no inline script or style: the stylesheet is a
// constructed one. Anything inside the element (a link to the series, say) is shown until the
// programme has loaded, and stays if it cannot load. Language: the element's lang attribute,
// else the page's; Danish when neither says English.
(function () {
  "use strict";

  if (window.customElements === undefined || window.customElements.get("tinget-programme")) {
    return;
  }

  var script = document.currentScript;
  var ORIGIN = script ? new URL(script.src).origin : window.location.origin;
  var API = ORIGIN + "/api/v1/widget/";
  var counter = 0;

  var CSS = [
    ":host { display: block; font: inherit; color: inherit; line-height: 1.5; }",
    ":host([hidden]) { display: none; }",
    "* { box-sizing: border-box; }",
    "h2, h3 { font-family: inherit; line-height: 1.25; margin: 0 0 0.5em; }",
    "h2 { font-size: 1.5em; }",
    "h3 { font-size: 1.2em; }",
    "p { margin: 0 0 0.75em; }",
    "a { color: inherit; text-decoration: underline; }",
    ".tp-sessions { list-style: none; margin: 0 0 1em; padding: 0; }",
    ".tp-session { border-top: 1px solid; padding: 1em 0; }",
    ".tp-when { font-weight: bold; }",
    "button { font: inherit; min-height: 44px; padding: 0.5em 1.25em; cursor: pointer;",
    "  border: 2px solid var(--tinget-accent, #004993); border-radius: var(--tinget-radius, 4px);",
    "  background: var(--tinget-accent, #004993); color: var(--tinget-on-accent, #fff); }",
    "button[aria-expanded='true'] { background: transparent; color: inherit; }",
    "button[disabled] { opacity: 0.7; cursor: progress; }",
    "a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible,",
    "[tabindex='-1']:focus-visible { outline: 3px solid var(--tinget-focus, #ffbf47);",
    "  outline-offset: 2px; }",
    ".tp-form { margin-top: 1em; max-width: 36em; }",
    ".tp-field { margin: 0 0 1em; border: 0; padding: 0; }",
    ".tp-field > label, .tp-field > legend { display: block; font-weight: bold; margin: 0 0 0.25em; padding: 0; }",
    ".tp-hint { display: block; margin: 0 0 0.25em; }",
    ".tp-error { display: block; font-weight: bold; color: #b0001e; margin: 0 0 0.25em; }",
    ".tp-error[hidden], .tp-summary[hidden] { display: none; }",
    "input[type='text'], input[type='email'], select { font: inherit; color: #1a1a1a;",
    "  background: #fff; width: 100%; min-height: 44px; padding: 0.4em 0.5em;",
    "  border: 2px solid #5c5c5c; border-radius: var(--tinget-radius, 4px); }",
    "[aria-invalid='true'] { border-color: #b0001e; }",
    ".tp-choice { display: flex; gap: 0.5em; align-items: flex-start; margin: 0 0 0.5em; }",
    ".tp-choice input { width: 1.5em; height: 1.5em; margin: 0.1em 0 0; flex: none; }",
    ".tp-summary { border: 3px solid #b0001e; padding: 0.75em 1em; margin: 0 0 1em;",
    "  background: #fff; color: #1a1a1a; }",
    ".tp-summary a { color: #b0001e; }",
    ".tp-sent { border-left: 6px solid #008139; padding: 0.5em 1em; background: #fff; color: #1a1a1a; }",
    ".tp-sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;",
    "  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }",
  ].join("\n");

  var sheet = null;
  function stylesheet() {
    if (sheet === null && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    return sheet;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) {
        return;
      }
      if (name === "text") {
        node.textContent = value;
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function language(host) {
    var closest = host.closest("[lang]");
    var lang = (closest ? closest.getAttribute("lang") : "") || document.documentElement.lang || "da";
    return lang.toLowerCase().indexOf("en") === 0 ? "en" : "da";
  }

  class TingetProgramme extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) {
        return;
      }
      this.uid = "tp" + ++counter;
      var root = this.attachShadow({ mode: "open" });
      var css = stylesheet();
      if (css) {
        root.adoptedStyleSheets = [css];
      }
      root.appendChild(el("slot"));
      this.load();
    }

    request(path, options) {
      var init = Object.assign({ credentials: "omit", mode: "cors" }, options || {});
      init.headers = Object.assign({ Accept: "application/json", "Accept-Language": language(this) }, init.headers || {});
      return fetch(API + path, init);
    }

    load() {
      var slug = this.getAttribute("series") || "";
      var self = this;
      this.setAttribute("aria-busy", "true");
      this.request("series/" + encodeURIComponent(slug))
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          self.data = data;
          self.render();
        })
        .catch(function () {
          // The light-DOM fallback (the slot) stays in place.
        })
        .then(function () {
          self.removeAttribute("aria-busy");
        });
    }

    id(name) {
      return this.uid + "-" + name;
    }

    render() {
      var data = this.data;
      var texts = data.texts;
      var level = Math.min(Math.max(parseInt(this.getAttribute("heading-level") || "2", 10) || 2, 1), 5);
      var headingId = this.id("heading");
      var section = el("section", { class: "tp", "aria-labelledby": headingId, lang: data.language });
      section.appendChild(el("h" + level, { id: headingId, text: this.getAttribute("heading") || data.title }));
      if (data.sessions.length === 0) {
        section.appendChild(el("p", { text: texts.empty }));
      } else {
        var list = el("ul", { class: "tp-sessions", "aria-label": texts.heading });
        data.sessions.forEach(function (session) {
          list.appendChild(this.sessionItem(session, level + 1));
        }, this);
        section.appendChild(list);
      }
      section.appendChild(el("p", {}, [el("a", { href: data.url, text: texts.more })]));
      this.shadowRoot.replaceChildren(section);
    }

    sessionItem(session, level) {
      var texts = this.data.texts;
      var titleId = this.id("s" + session.id);
      var item = el("li", { class: "tp-session", "data-session": String(session.id) });
      item.appendChild(el("h" + level, { id: titleId }, [el("a", { href: session.url, text: session.title })]));
      var details = session.format_label + (session.place ? ", " + session.place : "");
      item.appendChild(el("p", {}, [el("span", { class: "tp-when", text: session.when }), " · " + details]));
      if (!session.signup_open) {
        item.appendChild(el("p", { text: texts.closed }));
        return item;
      }
      var formId = this.id("f" + session.id);
      var toggle = el("button", {
        type: "button",
        "aria-expanded": "false",
        "aria-controls": formId,
        "aria-describedby": titleId,
        text: texts.sign_up,
      });
      var holder = el("div", { id: formId, hidden: true });
      var self = this;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        if (open) {
          toggle.setAttribute("aria-expanded", "false");
          holder.hidden = true;
          return;
        }
        if (!holder.firstChild) {
          holder.appendChild(self.form(session));
        }
        toggle.setAttribute("aria-expanded", "true");
        holder.hidden = false;
        var first = holder.querySelector("input, select");
        if (first) {
          first.focus();
        }
      });
      item.appendChild(toggle);
      item.appendChild(holder);
      return item;
    }

    form(session) {
      var texts = this.data.texts;
      var prefix = this.id("s" + session.id + "-");
      var form = el("form", { class: "tp-form", novalidate: true, "aria-label": texts.sign_up + ": " + session.title });
      var summary = el("div", { class: "tp-summary", tabindex: "-1", hidden: true });
      form.appendChild(summary);
      this.data.fields.forEach(function (field) {
        form.appendChild(this.field(field, prefix));
      }, this);
      form.appendChild(el("div", { class: "tp-notice" }, [
        el("p", {}, [el("strong", { text: texts.notice_heading })]),
        el("p", { text: this.data.notice }),
        el("p", {}, [el("a", { href: this.data.privacy_url, text: texts.privacy })]),
      ]));
      form.appendChild(el("input", { type: "hidden", name: "notice_shown", value: this.data.notice_shown }));
      var submit = el("button", { type: "submit", text: texts.submit });
      form.appendChild(submit);
      var self = this;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.send(session, form, summary, submit);
      });
      return form;
    }

    field(field, prefix) {
      var id = prefix + field.name;
      var hintId = id + "-hint";
      var errorId = id + "-error";
      var describedBy = (field.help ? hintId + " " : "") + errorId;
      var hint = field.help ? el("span", { class: "tp-hint", id: hintId, text: field.help }) : null;
      var error = el("span", { class: "tp-error", id: errorId, hidden: true, "data-error-for": field.name });
      if (field.kind === "radio") {
        var choices = field.choices.map(function (choice, index) {
          var choiceId = id + "-" + index;
          return el("div", { class: "tp-choice" }, [
            el("input", {
              type: "radio",
              id: choiceId,
              name: field.name,
              value: choice.value,
              required: field.required,
              checked: choice.value === field.initial,
            }),
            el("label", { for: choiceId, text: choice.label }),
          ]);
        });
        return el("fieldset", { class: "tp-field", id: id, "aria-describedby": describedBy, "data-field": field.name },
          [el("legend", { text: field.label }), hint, error].concat(choices));
      }
      if (field.kind === "checkbox") {
        return el("div", { class: "tp-field", "data-field": field.name }, [
          error,
          el("div", { class: "tp-choice" }, [
            el("input", { type: "checkbox", id: id, name: field.name, value: "on", required: field.required, "aria-describedby": errorId }),
            el("label", { for: id, text: field.label }),
          ]),
        ]);
      }
      var control;
      if (field.kind === "select") {
        control = el("select", { id: id, name: field.name, required: field.required, "aria-describedby": describedBy },
          field.choices.map(function (choice) {
            return el("option", { value: choice.value, text: choice.label, selected: choice.value === field.initial });
          }));
      } else {
        control = el("input", {
          type: field.kind === "email" ? "email" : "text",
          id: id,
          name: field.name,
          required: field.required,
          autocomplete: field.autocomplete || false,
          spellcheck: field.kind === "email" ? "false" : false,
          "aria-describedby": describedBy,
        });
      }
      return el("div", { class: "tp-field", "data-field": field.name }, [
        el("label", { for: id, text: field.label }), hint, error, control,
      ]);
    }

    send(session, form, summary, submit) {
      var texts = this.data.texts;
      var self = this;
      submit.disabled = true;
      this.clearErrors(form, summary);
      var body = new URLSearchParams(new FormData(form));
      this.request("sessions/" + session.id + "/signup", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
      })
        .then(function (response) {
          return response.json().then(function (payload) {
            return { ok: response.ok, payload: payload };
          });
        })
        .then(function (result) {
          if (result.ok) {
            var done = el("p", { class: "tp-sent", role: "status", tabindex: "-1", text: result.payload.detail });
            form.replaceWith(done);
            done.focus();
            return;
          }
          self.showErrors(form, summary, result.payload);
        })
        .catch(function () {
          self.showErrors(form, summary, { detail: texts.loading_failed, errors: [] });
        })
        .then(function () {
          submit.disabled = false;
        });
    }

    clearErrors(form, summary) {
      summary.hidden = true;
      summary.replaceChildren();
      form.querySelectorAll(".tp-error").forEach(function (node) {
        node.hidden = true;
        node.textContent = "";
      });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) {
        node.removeAttribute("aria-invalid");
      });
    }

    showErrors(form, summary, problem) {
      var errors = problem.errors || [];
      var links = el("ul");
      errors.forEach(function (error) {
        var wrapper = form.querySelector("[data-field='" + error.field + "']");
        var target = wrapper ? wrapper.querySelector("input, select") : null;
        if (wrapper) {
          var message = wrapper.querySelector("[data-error-for]");
          message.textContent = error.message;
          message.hidden = false;
          wrapper.querySelectorAll("input, select").forEach(function (node) {
            node.setAttribute("aria-invalid", "true");
          });
        }
        var link = el("a", { href: target ? "#" + target.id : "#", text: error.message });
        link.addEventListener("click", function (event) {
          event.preventDefault();
          if (target) {
            target.focus();
          }
        });
        links.appendChild(el("li", {}, [link]));
      });
      summary.appendChild(el("p", { role: "alert", text: problem.detail || this.data.texts.error_summary }));
      if (errors.length) {
        summary.appendChild(links);
      }
      summary.hidden = false;
      summary.focus();
    }
  }

  window.customElements.define("tinget-programme", TingetProgramme);
})();
