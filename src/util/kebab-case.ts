/** A property's attribute name: dataUrl → data-url (and an event's DOM name: messageReceived → message-received). */
export const kebabCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
