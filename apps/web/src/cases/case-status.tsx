/** A case status as a coloured badge: open ones stand out from closed ones. */
export function CaseStatusBadge({ status, label }: { status: string; label: string }) {
  const tone = status === 'Active' ? 'ok-badge' : status === 'FollowUp' ? 'required-badge' : 'muted-badge';
  return (
    <span className={`badge ${tone}`} data-testid="case-status" data-status={status}>
      {label}
    </span>
  );
}

/** Whether a case is closed: its records are then frozen until a supervisor reopens it (notes excepted). */
export function isClosed(c: { status: string }): boolean {
  return c.status === 'Closed' || c.status === 'ClosedReferred';
}
