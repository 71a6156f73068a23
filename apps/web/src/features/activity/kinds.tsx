import { activityKinds, type ActivityKind } from '@casehub/case-document';
import { msg } from '../../i18n';

/** Shown with t(). */
export const kindLabels: Record<ActivityKind, string> = {
  note: msg('Note'),
  email: msg('Email'),
  file: msg('File'),
  call: msg('Call'),
  meeting: msg('Meeting'),
  status: msg('Status change'),
  expectation: msg('Promise'),
  system: msg('System'),
};

/** Kinds a person writes in the composer; they get a co-editable body. */
export const writableKinds = ['note', 'call', 'meeting'] as const satisfies readonly ActivityKind[];
export type WritableKind = (typeof writableKinds)[number];
export const isWritableKind = (kind: string): kind is WritableKind => (writableKinds as readonly string[]).includes(kind);

export const isActivityKind = (kind: string): kind is ActivityKind => (activityKinds as readonly string[]).includes(kind);

// 24×24 stroke icons (feather-like), drawn inline so they need no font or request.
const paths: Record<ActivityKind, string> = {
  note: 'M4 4h11l5 5v11H4z M15 4v5h5 M8 13h8 M8 17h5',
  email: 'M3 6h18v12H3z M3 7l9 6 9-6',
  file: 'M14 3H6v18h12V7z M14 3v4h4',
  call: 'M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  meeting: 'M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5',
  status: 'M5 12l4 4 10-10',
  expectation: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 7v5l3 3',
  system: 'M12 8v5 M12 16h.01 M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z',
};

export function KindIcon({ kind, size = 18 }: { kind: ActivityKind; size?: number }) {
  return (
    <svg
      className={`kind-icon kind-icon--${kind}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[kind]} />
    </svg>
  );
}
