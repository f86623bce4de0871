// A table wider than its box (`.table-wrap`, app.css) scrolls sideways inside it. A keyboard user scrolls such a box
// only if it can take the focus (WCAG 2.1.1; axe `scrollable-region-focusable`), so while it overflows the box is
// focusable and announced as a region named by its table's caption (or the nearest heading), and plain again once it
// fits. One watcher for the whole page: boxes come and go with routes, data and the window's width.
import { useEffect } from 'react';

const MARK = 'scrolls';

/** The name of a box's region: its table's caption, else the heading of the section it is in. */
function nameOf(box: HTMLElement): string | null {
  const caption = box.querySelector('caption')?.textContent?.trim();
  if (caption) return caption;
  const label = box.querySelector('table')?.getAttribute('aria-label');
  if (label) return label;
  const heading = box.closest('section')?.querySelector('h1, h2, h3, h4')?.textContent?.trim();
  return heading || null;
}

/** Makes each overflowing table box focusable and named; undoes it for a box that fits again. */
export function markScrollableTables(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('.table-wrap')) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    const marked = box.dataset[MARK] !== undefined;
    if (scrolls && !marked) {
      box.dataset[MARK] = '';
      box.tabIndex = 0;
      const name = nameOf(box);
      if (name) {
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', name);
      }
    } else if (!scrolls && marked) {
      delete box.dataset[MARK];
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}

/** Keeps the page's table boxes marked while the component using it is shown (the app's layout). */
export function useScrollableTables(): void {
  useEffect(() => {
    let frame = 0;
    const later = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        markScrollableTables();
      });
    };
    const changes = new MutationObserver(later);
    changes.observe(document.body, { childList: true, subtree: true, characterData: true });
    window.addEventListener('resize', later);
    later();
    return () => {
      changes.disconnect();
      window.removeEventListener('resize', later);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
}
