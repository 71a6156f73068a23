/** What other modules use from contacts (routing matches a sender to a contact or an account). */
export { findContactByAddress, type AddressMatch } from './lookup.js';
