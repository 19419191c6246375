import { stringify } from 'csv-stringify/sync';
import type { MapRow } from '@csm/contracts';

/**
 * The who-does-what-where rows as CSV with HXL hashtags in its second row: the format of OCHA's
 * 3W ("who does what where") and the Humanitarian Data Exchange. `#adm1+code` is the county's
 * official code (001–047); `#sector` the NSCVE 2016 pillars, `; `-separated; `#value+budget` the
 * row's budget in `#currency` (an initiative's band as its lower bound, its band in `#value+band`).
 */
export const HXL_COLUMNS: readonly { header: string; tag: string; value: (row: MapRow) => string | number | undefined }[] = [
  { header: 'Organisation', tag: '#org', value: (r) => r.organizationName },
  { header: 'Organisation type', tag: '#org+type', value: (r) => r.organizationType },
  { header: 'Pillars (NSCVE 2016)', tag: '#sector', value: (r) => r.pillars.join('; ') },
  { header: 'County', tag: '#adm1+name', value: (r) => r.countyName },
  { header: 'County code', tag: '#adm1+code', value: (r) => r.countyCode },
  { header: 'Activity', tag: '#activity', value: (r) => r.activity },
  { header: 'Status', tag: '#status', value: (r) => r.status },
  { header: 'Start', tag: '#date+start', value: (r) => r.startsOn },
  { header: 'End', tag: '#date+end', value: (r) => r.endsOn },
  { header: 'Budget', tag: '#value+budget', value: (r) => r.budget?.amount },
  { header: 'Currency', tag: '#currency', value: (r) => r.budget?.currency },
  { header: 'Budget band', tag: '#value+band', value: (r) => r.budget?.band },
  { header: 'Kind', tag: '#meta+kind', value: (r) => r.kind },
  { header: 'Id', tag: '#meta+id', value: (r) => r.id },
];

/** A cell a spreadsheet would run as a formula (leading = + - @, or a tab or carriage return before one) is made text. */
export const neutralised = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. */
export const whoDoesWhatWhereCsv = (rows: readonly MapRow[]): string =>
  stringify(
    [
      HXL_COLUMNS.map((c) => c.header),
      HXL_COLUMNS.map((c) => c.tag),
      ...rows.map((row) => HXL_COLUMNS.map((c) => {
        const value = c.value(row);
        return value === undefined ? '' : typeof value === 'number' ? String(value) : neutralised(value);
      })),
    ],
    { record_delimiter: 'windows' },
  );
