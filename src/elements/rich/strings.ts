// What rich messages say to the visitor (labels, announcements, reasons a file is refused), in English.
// Rich messaging is a chunk of its own, so its words travel with it rather than in every chat's table.
export const richStrings = {
  quickReplies: 'Quick replies',
  carousel: (count: number) => `Carousel, ${count} cards`,
  slide: (position: number, count: number, title: string) => `${position} of ${count}${title ? `: ${title}` : ''}`,
  previous: 'Previous card',
  next: 'Next card',
  opensInNewTab: '(opens in a new tab)',
  listPicker: 'Choose from the list',
  datePicker: 'Choose a time',
  choose: 'Choose',
  chosen: (what: string) => `You chose ${what}`,
  unsupported: "This message can't be shown here.",
  image: (name: string) => `Picture: ${name}`,
  download: 'Download',
  uploads: 'Files being sent',
  uploading: (name: string, percent: number) => `Uploading ${name}, ${percent}%`,
  uploadFailed: (name: string, reason: string) => `${name} was not sent: ${reason}`,
  uploadSent: (name: string) => `${name} sent`,
  retryUpload: (name: string) => `Retry ${name}`,
  discardUpload: (name: string) => `Remove ${name}`,
  retry: 'Retry',
  remove: 'Remove',
  reasons: {
    'upload.type': 'this type of file is not accepted here',
    'upload.size': 'the file is too large',
    'upload.empty': 'the file is empty',
    'upload.name': 'the file name is not accepted (it needs an extension)',
    'upload.expired': 'the upload took too long',
    'upload.unavailable': 'this chat does not accept files',
    'upload.url': 'the service gave an address outside Genesys Cloud',
  } as Record<string, string>,
  uploadFallback: 'the upload failed',
};

export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  // Binary units, as the deployment's limits are set (10,240 KB is "10 MB").
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}
