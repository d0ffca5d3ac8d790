import { ArchiveError, InvalidTagError } from '@archive/core';
import { BadRequestError } from '@archive/search';

/**
 * The message an editor sees when the tag service refuses a change (an invalid tag, nothing to
 * do, too many tags, a search too broad); null for any other error, which is not the editor's
 * doing and goes to the error page. The service's own wording follows, in case it says more.
 */
export function refusalMessage(error: unknown): string | null {
  if (error instanceof InvalidTagError) {
    const reason = error.message.replace(`tag ${JSON.stringify(error.tag)}: `, '');
    return `Étiquette « ${error.tag} » refusée (${reason}).`;
  }
  if (error instanceof BadRequestError && error.message.includes('at least one tag')) return 'Saisissez au moins une étiquette.';
  if (error instanceof ArchiveError && (error.code === 'TAG_INVALID' || error.code === 'BAD_REQUEST')) return `Modification refusée : ${error.message}`;
  return null;
}
