// The colour theme (issue 17.7), applied before the first paint: a classic script in <head> runs
// before the body is parsed, so a dark page never flashes white. The choice (System, Light or Dark)
// is remembered per browser in localStorage under 'casehub.theme' (apps/web/src/lib/theme.ts
// writes it); "System" follows prefers-color-scheme, also when it changes while the page is open.
// The styles read the outcome from <html data-theme="light|dark">.
(function () {
  var key = 'casehub.theme';
  var media = window.matchMedia('(prefers-color-scheme: dark)');
  function choice() {
    try {
      var stored = window.localStorage.getItem(key);
      return stored === 'light' || stored === 'dark' ? stored : 'system';
    } catch {
      // Storage switched off: the system's setting.
      return 'system';
    }
  }
  function apply() {
    var chosen = choice();
    document.documentElement.setAttribute('data-theme', chosen === 'dark' || (chosen === 'system' && media.matches) ? 'dark' : 'light');
  }
  apply();
  media.addEventListener('change', apply);
  // Another tab changed it, or this one did (lib/theme.ts announces it).
  window.addEventListener('storage', function (e) {
    if (e.key === key) apply();
  });
  window.addEventListener('casehub:theme', apply);
})();
