// Conformance matrix: the ▸ button of a requirement shows or hides its case rows.
(function () {
  function rows(key) { return document.querySelectorAll('tr[data-case-of="' + key + '"]'); }
  function set(button, open) {
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? '▾' : '▸';
    rows(button.getAttribute('data-toggle')).forEach(function (r) { r.classList.toggle('hidden', !open); });
  }
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-toggle]'));
  buttons.forEach(function (b) {
    b.addEventListener('click', function () { set(b, b.getAttribute('aria-expanded') !== 'true'); });
  });
  var all = document.getElementById('toggle-all');
  if (all) {
    all.addEventListener('click', function () {
      var open = all.textContent.indexOf('show') === 0;
      buttons.forEach(function (b) { set(b, open); });
      all.textContent = open ? 'hide all cases' : 'show all cases';
    });
  }
  // a link to #main-PARSE-004 (etc.) opens that requirement's cases
  var target = location.hash && document.querySelector('button[data-toggle="' + location.hash.slice(1) + '"]');
  if (target) { set(target, true); }
})();
