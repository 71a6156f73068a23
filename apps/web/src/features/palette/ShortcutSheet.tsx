import { Dialog } from '../../components/Dialog';
import { useTranslation } from 'react-i18next';
import { msg } from '../../i18n';

/** Every keyboard shortcut of the app, by where it works (`?` opens it). Keep in step with apps/web/README.md. */
const shortcuts: Array<[string, string, string]> = [
  [msg('Anywhere'), 'Ctrl+K (⌘K)', msg('Go to a case, contact, account, page or action')],
  [msg('Anywhere (not in a text field)'), '?', msg('This list')],
  [msg('Anywhere (not in a text field)'), '/', msg('Search')],
  [msg('Activity stream'), '↓ or j, ↑ or k', msg('Next, previous entry')],
  [msg('Activity stream'), 'Home, End', msg('Newest, oldest entry')],
  [msg('Activity stream'), 'Enter', msg('Open the entry')],
  [msg('Any dialog or viewer'), 'Escape', msg('Close it')],
  [msg('Note, call or meeting'), '@', msg('Mention a teammate')],
  [msg('Email composer'), 'Ctrl+Enter (⌘Enter)', msg('Send')],
  [msg('Email composer'), 'Ctrl+/ (⌘/)', msg('Insert a saved reply')],
  [msg('Editors'), 'Ctrl+Z, Ctrl+Shift+Z', msg('Undo, redo your own typing')],
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('Keyboard shortcuts')} onClose={onClose}>
      <table className="table shortcut-sheet">
        <thead>
          <tr>
            <th scope="col">{t('Where')}</th>
            <th scope="col">{t('Keys')}</th>
            <th scope="col">{t('Does')}</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map(([where, keys, does]) => (
            <tr key={`${where}:${keys}`}>
              <td>{t(where)}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(does)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
