// Ambassador's page script: the terminal takes the keyboard at once, and a closed game says why.
(function () {
  "use strict";
  const body = document.body;

  function terminalInput() {
    return document.querySelector("#terminal .xterm-helper-textarea");
  }

  function focusTerminal() {
    const input = terminalInput();
    if (input && document.activeElement !== input) {
      input.focus();
    }
    return input !== null;
  }

  function focusWhenReady() {
    if (!focusTerminal()) {
      window.setTimeout(focusWhenReady, 30);
    }
  }

  const REASONS = {
    "full": "The class is full: every place is taken. Ask your teacher.",
    "code": "This browser has not joined the class (or the join code has changed). Reload to type the join code.",
    "replaced": "Your game was opened in another tab or window; it goes on there.",
    "failed": "Your game could not start. Tell your teacher; reload to try again.",
    "ended": "Your game is saved. Reload the page to continue it.",
    "stopped": "The class server has stopped. Your game is saved: when your teacher starts the server " +
      "again, reload this page to continue.",
  };

  async function explainClose() {
    const text = document.getElementById("closed-text");
    let why = REASONS.stopped;
    try {
      const answer = await fetch("/status", {cache: "no-store"});
      const status = await answer.json();
      why = REASONS[status.reason] || REASONS.ended;
    } catch (e) {
      // no answer: the server is not running
    }
    text.textContent = why;
  }

  let explained = false;
  new MutationObserver(function () {
    if (body.classList.contains("-first-byte")) {
      focusTerminal();
    }
    if (body.classList.contains("-closed") && !explained) {
      explained = true;
      explainClose();
    }
  }).observe(body, {attributes: true, attributeFilter: ["class"]});

  // Here, not in an onclick attribute: the page's Content-Security-Policy runs no inline script.
  const reconnect = document.getElementById("reconnect");
  if (reconnect) {
    reconnect.addEventListener("click", function () {
      window.location.reload();
    });
  }

  if (document.getElementById("terminal")) {
    window.addEventListener("load", focusWhenReady);
    document.addEventListener("click", function (event) {
      if (!event.target.closest("button")) {
        focusTerminal();
      }
    });
  }
})();
