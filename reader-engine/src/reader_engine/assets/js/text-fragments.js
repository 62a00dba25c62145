/* Links to exact words: a text directive as the URL Fragment Text Directives specification
   defines it, `text=[prefix-,]start[,end][,-suffix]`, to follow a paragraph's anchor
   (#p6-3:~:text=…). Pure.

   textDirective(runs) takes the selection's runs of visible text, split where a note's number
   interrupts the line (the browser's search for the words cannot cross it), each
   {text, start, end}: the run's text and the selected part of it. Matching works on whole words,
   so the ends widen to word boundaries. A short selection in one run is given whole; a long one,
   or one across a note's number, as its first and last words (start,end). A few words of
   context either side pick out the right occurrence when the same words recur. */
(function (exports) {
  "use strict";
  var WORDS = 5, CONTEXT_WORDS = 3, WHOLE = 80;

  /* Percent-encoded, including the characters the directive syntax uses: & , - */
  function encode(text) {
    return encodeURIComponent(text).replace(/[-,!'()*~]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function words(text) {
    return text.split(/\s+/).filter(Boolean);
  }

  function textDirective(runs) {
    var first = runs[0], last = runs[runs.length - 1];
    var start = first.start, end = last.end;
    while (start > 0 && /\S/.test(first.text[start - 1])) start--;
    while (end < last.text.length && /\S/.test(last.text[end])) end++;
    var head = words(runs.length > 1 ? first.text.slice(start) : first.text.slice(start, end));
    var tail = words(last.text.slice(runs.length > 1 ? 0 : start, end));
    var parts = [];
    var before = words(first.text.slice(0, start)).slice(-CONTEXT_WORDS);
    if (before.length) parts.push(encode(before.join(" ")) + "-");
    if (runs.length === 1 && (head.join(" ").length <= WHOLE || head.length <= 2 * WORDS)) {
      parts.push(encode(head.join(" ")));
    } else {
      parts.push(encode(head.slice(0, WORDS).join(" ")), encode(tail.slice(-WORDS).join(" ")));
    }
    var after = words(last.text.slice(end)).slice(0, CONTEXT_WORDS);
    if (after.length) parts.push("-" + encode(after.join(" ")));
    return "text=" + parts.join(",");
  }

  exports.encode = encode;
  exports.textDirective = textDirective;
})(typeof module === "object" ? module.exports : ((window.DPR = window.DPR || {}).fragments = {}));
