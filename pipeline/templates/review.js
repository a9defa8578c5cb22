(function () {
  var q = document.getElementById('q'), only = document.getElementById('stitched-only');
  var shown = document.getElementById('shown'), nomatch = document.getElementById('nomatch');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.record'));
  var texts = cards.map(function (c) {
    return Array.prototype.map.call(c.querySelectorAll('[data-search]'), function (e) { return e.textContent; })
      .join('\n').toLowerCase();
  });
  var links = {};
  document.querySelectorAll('#side a[data-rec]').forEach(function (a) { links[a.getAttribute('data-rec')] = a; });
  function apply() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0;
    cards.forEach(function (card, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) >= 0; }) &&
        (!only.checked || card.getAttribute('data-pieces') !== '1');
      card.hidden = !ok;
      if (ok) n++;
      if (links[card.id]) links[card.id].classList.toggle('off', !ok);
    });
    document.querySelectorAll('section.group, section.al').forEach(function (s) {
      s.hidden = !s.querySelector('article.record:not([hidden])');
    });
    shown.textContent = n + ' of ' + cards.length + ' records';
    nomatch.hidden = n > 0;
    mark(terms);
  }
  // Matches are highlighted without touching the DOM (CSS Custom Highlight API, where supported).
  function mark(terms) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    CSS.highlights.delete('hit');
    if (!terms.length) return;
    var ranges = [];
    cards.forEach(function (card) {
      if (card.hidden) return;
      card.querySelectorAll('[data-search]').forEach(function (e) {
        var walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), node;
        while ((node = walker.nextNode())) {
          var text = node.data.toLowerCase();
          terms.forEach(function (t) {
            for (var i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length)) {
              var r = new Range(); r.setStart(node, i); r.setEnd(node, i + t.length); ranges.push(r);
            }
          });
        }
      });
    });
    CSS.highlights.set('hit', new Highlight(...ranges));
  }
  function filter() {
    apply();
    // Bring the first match into view; clearing the filter leaves the page where it is.
    var first = cards.filter(function (c) { return !c.hidden; })[0];
    if (first && (q.value.trim() || only.checked)) first.scrollIntoView({block: 'start'});
  }
  q.addEventListener('input', filter);
  only.addEventListener('change', filter);
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== q) { e.preventDefault(); q.focus(); }
    if (e.key === 'Escape' && document.activeElement === q) { q.value = ''; apply(); }
  });
  document.addEventListener('click', function (e) {
    var img = e.target.closest && e.target.closest('figure img');
    if (img) img.closest('.card').classList.toggle('zoomed');
  });
  apply();
})();
