import { BerWriter } from 'ldapts';

/** RFC 3062 Password Modify extended operation. */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

const USER_IDENTITY_TAG = 0x80;
const OLD_PASSWORD_TAG = 0x81;
const NEW_PASSWORD_TAG = 0x82;

export type PasswordModifyRequest = Readonly<{
  userIdentity: string;
  newPassword: string;
  oldPassword?: string;
}>;

/**
 * BER-encodes the request value:
 * `SEQUENCE { userIdentity [0] OCTET STRING, oldPasswd [1] OCTET STRING OPTIONAL,
 * newPasswd [2] OCTET STRING }`. The server hashes `newPasswd` with its own scheme, which is
 * why this is used instead of replacing `userPassword` (stored as given, so in clear).
 */
export function encodePasswordModifyRequest(request: PasswordModifyRequest): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeBuffer(Buffer.from(request.userIdentity, 'utf8'), USER_IDENTITY_TAG);
  if (request.oldPassword !== undefined) {
    writer.writeBuffer(Buffer.from(request.oldPassword, 'utf8'), OLD_PASSWORD_TAG);
  }
  writer.writeBuffer(Buffer.from(request.newPassword, 'utf8'), NEW_PASSWORD_TAG);
  writer.endSequence();
  return writer.buffer;
}
