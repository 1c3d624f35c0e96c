/**
 * Small pieces of requests and answers that the Cloud (cloud.ts) and Data Center (datacenter.ts) clients share:
 * one home for what both flavors write the same way.
 */
import { ConfluenceError } from './errors';
import type { JsonResponse } from './executor';
import { summary, v1Attachment } from './mappers';
import type { Attachment, Page, PageSummary, UpdatePageInput } from './types';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Items per page of a listing (the most Cloud v2 and Data Center give). */
export const PAGE_LIMIT = 250;

/** CQL through v1 `/search` (present on Cloud and Data Center), with the content fields a summary needs. */
export function searchSpec(url: string, cql: string, signal?: AbortSignal) {
  return {
    method: 'GET' as const,
    url,
    query: { cql, limit: 100, expand: 'content.version,content.space,content.ancestors' },
    operation: `search ${cql}`,
    kind: 'read' as const,
    signal,
  };
}

/** A `/search` result row to a page summary; rows that are not pages (spaces, users, attachments) are skipped. */
export function searchHit(row: Json, toPage: (content: Json) => Page): PageSummary | undefined {
  const content = row.content as Json | undefined;
  if (!content || (content.type !== undefined && content.type !== 'page')) return undefined;
  return summary(toPage(content));
}

/** The `version` of a page update (number, and the message when there is one). */
export function versionJson(input: UpdatePageInput): { number: number; message?: string } {
  return { number: input.version, ...(input.versionMessage ? { message: input.versionMessage } : {}) };
}

/** What a `recover` hook answers when it found that a lost write did happen: `data` as a 200. */
export function recovered<T = Json>(data: T): JsonResponse<T> {
  return { status: 200, headers: {}, data } as JsonResponse<T>;
}

/** The attachment a v1 upload answered (`{results: [...]}` or the attachment itself). */
export function uploadedAttachment(data: Json | undefined, fileName: string): Attachment {
  const json: Json | undefined = Array.isArray(data?.results) ? data.results[0] : data;
  if (!json) throw invalidAnswer(`upload ${fileName}`);
  return v1Attachment(json);
}

export function spaceNotFound(key: string): ConfluenceError {
  return new ConfluenceError({
    status: 404,
    code: 'NOT_FOUND',
    confluenceMessage: `no space with key ${key}`,
    operation: `read space ${key}`,
    hint: `Space ${key} does not exist or your account cannot see it. Check the space key (CONFLUENCE_SPACE / "space" in .confluence.yml; keys are case-sensitive) and your view permission.`,
  });
}

export function invalidAnswer(operation: string): ConfluenceError {
  return new ConfluenceError({
    code: 'INVALID_RESPONSE',
    confluenceMessage: 'the answer lacks the expected fields',
    operation,
    hint: 'Confluence answered in an unexpected shape; please report this with the debug log.',
  });
}
