import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { SessionProvider } from './auth/session.tsx';
import { translateFieldChecks } from './i18n/form-validity.ts';
import { i18n, setupI18n } from './i18n/index.ts';
import './app.css';

function render(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}

// The language is settled before the first render so the page never flashes in the wrong language or direction.
translateFieldChecks(i18n);
void setupI18n().then(render, render);
