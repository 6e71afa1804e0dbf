// "Skip to content" moves the focus to the page's main region. Its href="#main" alone would change the hash, which
// is the router's: on an incident page it opened the deadline board. The link keeps its href for its semantics.
const skip = document.querySelector('a.skip');
skip?.addEventListener('click', (event) => {
  event.preventDefault();
  const main = document.getElementById('main');
  main.focus();
  main.scrollIntoView();
});
