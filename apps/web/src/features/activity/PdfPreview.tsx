import { useEffect, useRef, useState } from 'react';
import type * as PdfJs from 'pdfjs-dist';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';

type PdfState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; pdf: PDFDocumentProxy };

let pdfjsPromise: Promise<typeof PdfJs> | null = null;

/** pdf.js and its worker load only when a preview is first opened. */
function loadPdfjs(): Promise<typeof PdfJs> {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([pdfjs, worker]) => {
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    return pdfjs;
  });
  return pdfjsPromise;
}

function describe(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') return i18n.t('This PDF is password protected and cannot be previewed.');
  if (name === 'InvalidPDFException') return i18n.t('This file is not a readable PDF.');
  if (name === 'ResponseException' || name === 'MissingPDFException') return i18n.t('The file could not be loaded.');
  return i18n.t('The preview could not be shown.');
}

/**
 * Page-by-page preview: the document streams over HTTP range requests, and
 * only the page on screen is rendered, to a canvas sized to the panel.
 */
export function PdfPreview({ url, name }: { url: string; name: string }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PdfState>({ state: 'loading' });
  const [page, setPage] = useState(1);
  // Which page of which document the canvas shows. Derived, not a flag: a flag set by the render effect is
  // still false for the first paint of a new page, when the canvas is blank.
  const [drawn, setDrawn] = useState<{ pdf: PDFDocumentProxy; page: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    setDoc({ state: 'loading' });
    setPage(1);
    const task = loadPdfjs().then((pdfjs) => pdfjs.getDocument({ url, isEvalSupported: false, disableAutoFetch: true }));
    task
      .then((t) => t.promise)
      .then(
        (pdf) => {
          loaded = pdf;
          if (cancelled) void pdf.destroy();
          else setDoc({ state: 'ready', pdf });
        },
        (err: unknown) => {
          if (!cancelled) setDoc({ state: 'error', message: describe(err) });
        },
      );
    return () => {
      cancelled = true;
      void task.then((t) => t.destroy());
      if (loaded) void loaded.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (doc.state !== 'ready') return;
    let cancelled = false;
    let render: RenderTask | null = null;
    void doc.pdf.getPage(page).then((p) => {
      const canvas = canvasRef.current;
      if (cancelled || !canvas) return;
      const width = Math.max(200, (frameRef.current?.clientWidth ?? 600) - 2);
      const base = p.getViewport({ scale: 1 });
      const scale = width / base.width;
      const viewport = p.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      render = p.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      render.promise.then(
        () => {
          if (!cancelled) setDrawn({ pdf: doc.pdf, page });
        },
        () => undefined,
      );
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [doc, page]);

  if (doc.state === 'loading') {
    return (
      <p className="muted" role="status">
        {t('Loading preview…')}
      </p>
    );
  }
  if (doc.state === 'error') {
    return (
      <p className="notice notice--error" role="alert">
        {doc.message}
      </p>
    );
  }
  const pages = doc.pdf.numPages;
  const rendering = drawn?.pdf !== doc.pdf || drawn.page !== page;
  return (
    <div className="pdf" aria-label={t('Preview of {{name}}', { name })} role="region">
      <div className="pdf__controls">
        <button type="button" className="button" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
          {t('Previous page')}
        </button>
        <label className="pdf__page">
          {t('Page')}{' '}
          <input
            type="number"
            min={1}
            max={pages}
            value={page}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= pages) setPage(n);
            }}
            aria-label={t('Page number')}
          />{' '}
          <span data-testid="pdf-page-status">{t('of {{pages}}', { pages })}</span>
        </label>
        <button type="button" className="button" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages}>
          {t('Next page')}
        </button>
      </div>
      <div className="pdf__frame" ref={frameRef} aria-busy={rendering}>
        <canvas ref={canvasRef} className="pdf__canvas" data-rendered={!rendering} role="img" aria-label={t('Page {{page}} of {{pages}}', { page, pages })} />
      </div>
    </div>
  );
}
