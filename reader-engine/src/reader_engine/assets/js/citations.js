/* A paragraph's citation in each style. The styles are templates the build writes once
   (reader_engine/citing.py, which also fills them for the About page); this fills their «slots»
   with the paragraph, the page and the date of reading. Pure. */
(function (exports) {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* page: {title, url (the published address, or "")}; anchor: "p3-7"; date: a Date. */
  function values(page, anchor, date) {
    var n = /^p(\d+)-(\d+)$/.exec(anchor), d = date.getDate(), m = date.getMonth(), y = date.getFullYear();
    var iso = y + "-" + pad(m + 1) + "-" + pad(d);
    return {
      title: page.title, title_bib: page.title.replace(/[&%$#_]/g, "\\$&"), chapter: n[1],
      para: n[1] + "." + n[2], anchor: anchor, url: page.url + "#" + anchor,
      accessed: d + " " + MONTHS[m] + " " + y, accessed_apa: MONTHS[m] + " " + d + ", " + y,
      accessed_mla: d + " " + MLA_MONTHS[m] + " " + y, accessed_iso: iso, accessed_ris: iso.replace(/-/g, "/"),
    };
  }

  function fill(template, values) {
    return template.replace(/«(\w+)»/g, function (_, name) { return values[name]; });
  }

  exports.values = values;
  exports.fill = fill;
})(typeof module === "object" ? module.exports : ((window.DPR = window.DPR || {}).citations = {}));
