import { describe, it, expect } from 'vitest';
import { dateFromUrl, parseDate } from './dates.ts';

describe('parseDate', () => {
  it('keeps the calendar date of an ISO timestamp without shifting its time zone', () => {
    expect(parseDate('2019-11-19T23:30:00-05:00')).toEqual({ date: '2019-11-19', published: '2019-11-19T23:30:00-05:00' });
    expect(parseDate('2020-01-22T00:10:00+0100')).toEqual({ date: '2020-01-22', published: '2020-01-22T00:10:00+01:00' });
  });

  it('reads date-only and space-separated ISO forms', () => {
    expect(parseDate('2020-01-22')).toEqual({ date: '2020-01-22', published: null });
    expect(parseDate('2020-07-03 13:33:39')?.published).toBe('2020-07-03T13:33:39');
  });

  it('reads French, English and Portuguese written dates', () => {
    expect(parseDate('mercredi 22 janvier 2020 à 19h10')?.date).toBe('2020-01-22');
    expect(parseDate('1er août 2019')?.date).toBe('2019-08-01');
    expect(parseDate('Nov. 19, 2019 8:41 AM')?.date).toBe('2019-11-19');
    expect(parseDate('Tue, 19 Nov 2019 23:30:00 -0500')?.date).toBe('2019-11-19');
    expect(parseDate('19 de novembro de 2019')?.date).toBe('2019-11-19');
  });

  it('orders numeric dates day-first unless the page is English with slashes', () => {
    expect(parseDate('03/04/2020')?.date).toBe('2020-04-03');
    expect(parseDate('03/04/2020', 'en')?.date).toBe('2020-03-04');
    expect(parseDate('11/19/2019')?.date).toBe('2019-11-19');
    expect(parseDate('19.11.2019', 'en')?.date).toBe('2019-11-19');
  });

  it('reads Unix timestamps and compact dates', () => {
    expect(parseDate('1593776019')?.date).toBe('2020-07-03');
    expect(parseDate('20191119')?.date).toBe('2019-11-19');
  });

  it('rejects what is not a date', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('yesterday')).toBeNull();
    expect(parseDate('2019-02-30')).toBeNull();
    expect(parseDate('12345')).toBeNull();
  });
});

describe('dateFromUrl', () => {
  it('finds a /yyyy/mm/dd/ date in a URL path', () => {
    expect(dateFromUrl('https://example.com/2019/11/19/story/')).toBe('2019-11-19');
    expect(dateFromUrl('https://example.com/news/story-123')).toBeNull();
  });
});
