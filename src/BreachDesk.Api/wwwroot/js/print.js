// The text in every printed page's top margin (print.css's @top-left margin box), for the page on screen: a draft
// page sets its incident's reference there. Margin boxes cannot read the document (Chromium has no string-set), and
// the CSP allows no inline style, so it is a constructed style sheet, which style-src does not govern.
const sheet = new CSSStyleSheet();

export function printedMargin(text, signal) {
  sheet.replaceSync(`@page { @top-left { content: ${cssString(text)}; } }`);
  if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  // Leaving the page puts the default ("BreachDesk") back.
  signal.addEventListener('abort', () => { document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet); });
}

/** A CSS string literal: quotes and backslashes escaped, line breaks (which would end the string) made spaces. */
const cssString = (text) => `"${String(text).replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;
