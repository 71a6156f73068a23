/**
 * The one script an email's frame runs: it tells the page what is selected
 * in the message, so "Make a promise of this" works on the formatted view too.
 * The frame is sandboxed without same-origin (its origin is "null"), so it
 * can neither read the page nor be read by it; this message is the only way
 * across. Target "*": a null-origin frame cannot name the page's origin, and
 * the only receiver is its parent, which already holds the message's text.
 */
export const frameSelectionScript = `(function () {
  var last = null;
  document.addEventListener('selectionchange', function () {
    var selection = document.getSelection();
    var text = selection ? String(selection).slice(0, 10000) : '';
    if (text === last) return;
    last = text;
    parent.postMessage({ type: 'casehub:selection', text: text }, '*');
  });
})();`;
