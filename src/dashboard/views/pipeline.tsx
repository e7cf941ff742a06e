/** `#/pipeline`: the board of open prospects (the page's early request may already hold it). */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../../browser/client.ts';
import { errorText } from '../../browser/error-text.ts';
import { t } from '../../browser/i18n.ts';
import { parseCards } from '../../shared/board.ts';
import { Board, type BoardData } from '../board/board.tsx';
import { takeFirstBoard } from '../first-load.ts';
import type { ViewProps } from './view.ts';

export function View({ revision, openTimeline }: ViewProps) {
  const [data, setData] = useState<BoardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (takeFirstBoard() ?? send('getBoard', {})).then(
      ({ cardsJson, ...reply }) => {
        if (!live) return;
        setData({ ...reply, cards: parseCards(cardsJson) });
        setError(null);
      },
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    // The board's first paint, from navigation start: what the bench reads.
    if (data && performance.getEntriesByName('etape:board-painted').length === 0)
      performance.measure('etape:board-painted', { start: 0, end: performance.now() });
  }, [data]);

  if (!data) return error ? <p role="alert">{error}</p> : <p class="muted">{t('loading')}</p>;
  return (
    <>
      {error && <p role="alert">{error}</p>}
      <Board data={data} openTimeline={openTimeline} />
    </>
  );
}
