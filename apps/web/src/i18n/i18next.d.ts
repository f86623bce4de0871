import 'i18next';
import type { CaseWorkMessages } from './case-work/en.ts';
import type { Messages } from './en.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Case-work messages are merged into the same namespace when their pages load (see case-work.ts).
    resources: { translation: Messages & CaseWorkMessages };
  }
}
