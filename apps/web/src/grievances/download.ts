import type { Problem } from '@corridor/contracts';
import { currentCsrfToken } from '../api/client.ts';

/**
 * Posts an export request and saves the file the server answers with (exports are POSTs: filters never travel in
 * URLs). Returns the problem when the server refused, else null.
 */
export async function downloadExport(path: string, body: unknown, fallbackName: string): Promise<Problem | null> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/octet-stream, application/problem+json',
  };
  const csrf = currentCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    return { type: 'about:blank', title: 'The server could not be reached', status: 0, code: 'network_error' };
  }
  if (!res.ok) {
    try {
      return (await res.json()) as Problem;
    } catch {
      return { type: 'about:blank', title: res.statusText, status: res.status, code: 'bad_response' };
    }
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return null;
}
