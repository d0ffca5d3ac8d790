import { describe, expect, it } from 'vitest';
import { afterSignIn, backToSearch, sameSitePath } from './safe-redirect.ts';

describe('sameSitePath', () => {
  it('keeps paths of this site', () => {
    expect(sameSitePath('/')).toBe('/');
    expect(sameSitePath('/articles/a%2Fb?from=%2F%3Fq%3Dx')).toBe('/articles/a%2Fb?from=%2F%3Fq%3Dx');
  });
  it('refuses other sites and odd values', () => {
    for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', 'articles/1', '/\t/evil.example', '/a\nb', 42, undefined]) {
      expect(sameSitePath(value)).toBeNull();
    }
  });
});

describe('afterSignIn', () => {
  it('goes to the page asked for, or home', () => {
    expect(afterSignIn('/articles/x')).toBe('/articles/x');
    expect(afterSignIn('//evil.example/')).toBe('/');
    expect(afterSignIn('/signin?next=/x')).toBe('/');
    expect(afterSignIn(null)).toBe('/');
  });
});

describe('backToSearch', () => {
  it('accepts only a search page', () => {
    expect(backToSearch('/?q=%C3%A9lection&section=France')).toBe('/?q=%C3%A9lection&section=France');
    expect(backToSearch('/')).toBe('/');
    expect(backToSearch('/articles/x?q=1')).toBe('/');
    expect(backToSearch('//evil.example/?q=1')).toBe('/');
    expect(backToSearch('https://evil.example/?q=1')).toBe('/');
    expect(backToSearch(undefined)).toBe('/');
  });
});
