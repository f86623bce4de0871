import { type ReactNode, useEffect, useRef } from 'react';

// After an in-app navigation, focus moves to the new page's heading so screen-reader and keyboard users land on
// the new content; the very first page of a visit keeps the browser's default focus.
let firstPage = true;

/** The page's h1; sets the document title and takes focus when the page was reached by navigation. */
export function PageHeading({ children, title, testId }: { children: ReactNode; title: string; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Corridor`;
  }, [title]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} data-testid={testId}>
      {children}
    </h1>
  );
}
