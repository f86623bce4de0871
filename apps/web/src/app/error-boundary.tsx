import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Fallback({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="problem" role="alert">
      <p>{t('crash.text')}</p>
      <p>
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>{' '}
        <button type="button" className="button secondary" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </button>
      </p>
    </div>
  );
}

/** Keeps one failing page (a render bug, a chunk that did not load) from blanking the whole app. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // No personal data reaches the console: only the component stack, which names components, not values.
    console.error('Corridor page failed', error instanceof Error ? error.name : 'unknown', info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.failed) return <Fallback onRetry={() => this.setState({ failed: false })} />;
    return this.props.children;
  }
}
