import type { ReactNode } from 'react';
import { useEditorState, type Editor } from '@tiptap/react';
import { useTranslation } from 'react-i18next';

const linkIcon = (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2.2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
  >
    <path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5" />
    <path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5" />
  </svg>
);

interface ToolProps {
  label: string;
  shortLabel: ReactNode;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
}

function Tool({ label, shortLabel, active, disabled, onClick }: ToolProps) {
  return (
    <button
      type="button"
      className="tool"
      aria-label={label}
      title={label}
      // The short label is a glyph ("H1", "1."), drawn by CSS: the name is the label (WCAG 2.5.3 asks a
      // name to contain the visible words; a glyph is an icon, not words).
      data-glyph={typeof shortLabel === 'string' ? shortLabel : undefined}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled}
      // Keep the editor's selection: a click on the toolbar must not blur it first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      {typeof shortLabel === 'string' ? null : shortLabel}
    </button>
  );
}

export function PlanToolbar({ editor, disabled }: { editor: Editor; disabled: boolean }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      tasks: e.isActive('taskList'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const chain = () => editor.chain().focus();

  const setLink = (): void => {
    const previous: unknown = editor.getAttributes('link').href;
    const url = window.prompt(t('Link URL (leave empty to remove the link)'), typeof previous === 'string' ? previous : 'https://');
    if (url === null) return;
    if (url.trim() === '') {
      chain().extendMarkRange('link').unsetLink().run();
      return;
    }
    chain().extendMarkRange('link').setLink({ href: url.trim() }).run();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={t('Formatting')}>
      <Tool label={t('Heading 1')} shortLabel="H1" active={state.h1} disabled={disabled} onClick={() => chain().toggleHeading({ level: 1 }).run()} />
      <Tool label={t('Heading 2')} shortLabel="H2" active={state.h2} disabled={disabled} onClick={() => chain().toggleHeading({ level: 2 }).run()} />
      <span className="toolbar__sep" aria-hidden="true" />
      <Tool label={t('Bold')} shortLabel="B" active={state.bold} disabled={disabled} onClick={() => chain().toggleBold().run()} />
      <Tool label={t('Italic')} shortLabel="I" active={state.italic} disabled={disabled} onClick={() => chain().toggleItalic().run()} />
      <Tool label={t('Link')} shortLabel={linkIcon} active={state.link} disabled={disabled} onClick={setLink} />
      <span className="toolbar__sep" aria-hidden="true" />
      <Tool label={t('Bullet list')} shortLabel="•" active={state.bullet} disabled={disabled} onClick={() => chain().toggleBulletList().run()} />
      <Tool label={t('Numbered list')} shortLabel="1." active={state.ordered} disabled={disabled} onClick={() => chain().toggleOrderedList().run()} />
      <Tool label={t('Checklist')} shortLabel="☑" active={state.tasks} disabled={disabled} onClick={() => chain().toggleTaskList().run()} />
      <span className="toolbar__sep" aria-hidden="true" />
      <Tool label={t('Undo')} shortLabel="↶" disabled={disabled || !state.canUndo} onClick={() => chain().undo().run()} />
      <Tool label={t('Redo')} shortLabel="↷" disabled={disabled || !state.canRedo} onClick={() => chain().redo().run()} />
    </div>
  );
}
