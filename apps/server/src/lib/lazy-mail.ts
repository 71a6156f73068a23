import type * as Nodemailer from 'nodemailer';
import type Addressparser from 'nodemailer/lib/addressparser';
import type Composer from 'nodemailer/lib/mail-composer';
import { lazy } from './lazy.js';

/** Nodemailer's transport, address parser and MIME composer, loaded when mail is first sent or composed (the CommonJS build's exports are the ES build's defaults). */
export const nodemailer = lazy<typeof Nodemailer>('nodemailer');
export const addressparser = lazy<typeof Addressparser>('nodemailer/lib/addressparser');
export const MailComposer = lazy<typeof Composer>('nodemailer/lib/mail-composer');
