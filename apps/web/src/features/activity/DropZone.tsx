import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const hasFiles = (e: DragEvent): boolean => [...e.dataTransfer.types].includes('Files');

/**
 * Files dropped anywhere on the case page go to the case: emails (.eml,
 * .mbox) to the import, anything else as a file. An overlay says what a
 * drop will do while files are dragged over.
 */
export function DropZone({ enabled, onFiles, children }: { enabled: boolean; onFiles: (files: File[]) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  return (
    <div
      className="drop-zone"
      data-testid="case-drop-zone"
      onDragEnter={(e) => {
        if (!enabled || !hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!enabled || !hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        if (!enabled) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!enabled || !hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {over ? (
        <div className="drop-zone__overlay" role="presentation">
          <div className="drop-zone__message">
            <strong>{t('Drop to add to this case')}</strong>
            <span>{t('Emails (.eml, .mbox) are imported into the stream; other files are attached.')}</span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
