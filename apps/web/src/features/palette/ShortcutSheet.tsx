import { Dialog } from '../../components/Dialog';

/** Every keyboard shortcut of the app, by where it works (`?` opens it). Keep in step with apps/web/README.md. */
const shortcuts: Array<[string, string, string]> = [
  ['Anywhere', 'Ctrl+K (⌘K)', 'Go to a case, contact, account, page or action'],
  ['Anywhere (not in a text field)', '?', 'This list'],
  ['Anywhere (not in a text field)', '/', 'Search'],
  ['Activity stream', '↓ or j, ↑ or k', 'Next, previous entry'],
  ['Activity stream', 'Home, End', 'Newest, oldest entry'],
  ['Activity stream', 'Enter', 'Open the entry'],
  ['Any dialog or viewer', 'Escape', 'Close it'],
  ['Note, call or meeting', '@', 'Mention a teammate'],
  ['Email composer', 'Ctrl+Enter (⌘Enter)', 'Send'],
  ['Email composer', 'Ctrl+/ (⌘/)', 'Insert a saved reply'],
  ['Editors', 'Ctrl+Z, Ctrl+Shift+Z', 'Undo, redo your own typing'],
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="table shortcut-sheet">
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map(([where, keys, does]) => (
            <tr key={`${where}:${keys}`}>
              <td>{where}</td>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
