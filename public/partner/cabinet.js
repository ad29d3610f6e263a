// The cabinet's only script: copy buttons and confirmations. Everything works without it; it
// only adds "Copy" next to texts marked data-copy, and asks before the forms marked
// data-confirm are sent (the CSP allows scripts from this origin only).
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy-target'));
      if (!target) return;
      var text = 'value' in target ? target.value : target.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute('data-copied') || label;
        setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { select(target); });
      } else {
        select(target);
        try { document.execCommand('copy'); done(); } catch (e) { /* selected: the partner copies by hand */ }
      }
    });
  });
  function select(target) {
    if (target.select) { target.focus(); target.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  // Forms that cannot be undone ask first (revoke a key, delete a webhook, sign out everywhere).
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
  document.documentElement.setAttribute('data-ready', '1');
});
