/** The records of the local server's content model (what the data file holds). */
export type PageStatus = 'current' | 'archived' | 'trashed' | 'draft';

export interface VersionRec {
  number: number;
  createdAt: string;
  message: string;
  minorEdit: boolean;
  authorId: string;
  title: string;
  body: string;
}

export interface LabelRec {
  id: string;
  name: string;
  prefix: string;
}

export interface PropertyRec {
  id: string;
  key: string;
  value: unknown;
  version: { number: number; createdAt: string; message: string; minorEdit: boolean; authorId: string };
}

export interface RestrictionSet {
  users: string[];
  groups: string[];
}

export interface PageRec {
  id: string;
  spaceId: string;
  status: PageStatus;
  title: string;
  parentId: string | null;
  position: number;
  authorId: string;
  ownerId: string;
  createdAt: string;
  versions: VersionRec[];
  labels: LabelRec[];
  properties: PropertyRec[];
  restrictions: { read: RestrictionSet; update: RestrictionSet };
}

export interface AttachmentVersionRec {
  number: number;
  createdAt: string;
  authorId: string;
  comment: string;
  minorEdit: boolean;
  mediaType: string;
  /** base64 of the bytes */
  data: string;
  fileSize: number;
}

export interface AttachmentRec {
  id: string; // att<digits>
  pageId: string;
  title: string;
  status: 'current' | 'trashed';
  fileId: string;
  createdAt: string;
  versions: AttachmentVersionRec[];
}

export interface SpaceRec {
  id: string;
  key: string;
  name: string;
  homepageId: string;
  createdAt: string;
  authorId: string;
  status: 'current' | 'archived';
  type: 'global';
}

export interface StoreData {
  nextId: number;
  nextSpaceId: number;
  nextPropertyId: number;
  nextLabelId: number;
  labelIds: Record<string, string>;
  spaces: SpaceRec[];
  pages: PageRec[];
  attachments: AttachmentRec[];
  /** Inline comments (absent in data files written before they existed). */
  inlineComments?: InlineCommentRec[];
}

/** An inline comment: its marker (`ac:ref`) sits in the page's current body around `selection`. */
export interface InlineCommentRec {
  id: string;
  pageId: string;
  ref: string;
  selection: string;
  /** Storage-format body of the comment. */
  body: string;
  authorId: string;
  createdAt: string;
  resolutionStatus: 'open' | 'resolved' | 'reopened' | 'dangling';
}

export interface StoreOptions {
  titleCaseSensitive: boolean;
  /** Rewrite storage on save like Confluence (macro ids, schema versions). */
  normalizeStorage?: boolean;
  /** Create `content-appearance-published` on every new page, as Cloud does. */
  autoAppearanceProperty?: boolean;
  /** New pages are invisible (404) for this long. */
  eventualConsistencyMs?: number;
}

/** A data file with nothing in it yet (ids start where Confluence Cloud's do). */
export function emptyData(): StoreData {
  return { nextId: 65537, nextSpaceId: 98305, nextPropertyId: 1001, nextLabelId: 2001, labelIds: {}, spaces: [], pages: [], attachments: [] };
}

/** A new page at version 1, placed after its siblings (`positionOf` numbers it among them). */
export function newPageRecord(
  positionOf: (parentId: string | null, spaceId: string) => number,
  input: { id: string; spaceId: string; title: string; parentId: string | null; authorId: string; body: string; status: PageStatus; message?: string },
): PageRec {
  const createdAt = new Date().toISOString();
  return {
    id: input.id,
    spaceId: input.spaceId,
    status: input.status,
    title: input.title,
    parentId: input.parentId,
    position: positionOf(input.parentId, input.spaceId),
    authorId: input.authorId,
    ownerId: input.authorId,
    createdAt,
    versions: [
      { number: 1, createdAt, message: input.message ?? '', minorEdit: false, authorId: input.authorId, title: input.title, body: input.body },
    ],
    labels: [],
    properties: [],
    restrictions: { read: { users: [], groups: [] }, update: { users: [], groups: [] } },
  };
}
