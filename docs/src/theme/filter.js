// Vector browser filter: shows the vectors whose text contains every word typed (case-insensitive).
(function () {
  var input = document.getElementById('vector-filter');
  var count = document.getElementById('vector-count');
  if (!input) { return; }
  var vectors = Array.prototype.slice.call(document.querySelectorAll('.vector'));
  var texts = vectors.map(function (v) { return v.textContent.toLowerCase(); });
  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    vectors.forEach(function (v, i) {
      var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      v.classList.toggle('hidden', !ok);
      if (ok) { shown++; }
    });
    document.querySelectorAll('.vgroup').forEach(function (g) {
      g.classList.toggle('hidden', g.querySelectorAll('.vector:not(.hidden)').length === 0);
    });
    count.textContent = words.length ? shown + ' of ' + vectors.length + ' shown' : vectors.length + ' vectors';
  }
  input.addEventListener('input', apply);
  apply();
})();
