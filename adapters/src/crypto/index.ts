export { AesGcmSecretBox, SecretBoxOpenError } from './aesGcmSecretBox.js';
export {
  Argon2PasswordHasher,
  MAX_PASSWORD_INPUT_LENGTH,
  OWASP_ARGON2ID,
  type Argon2Parameters,
} from './argon2PasswordHasher.js';
export { cryptoRandom, MIN_TOKEN_BYTES } from './cryptoRandom.js';
export { HmacCodeHasher } from './hmacCodeHasher.js';
export { MIN_KEY_BYTES } from './keyMaterial.js';
export { OtpauthTotp } from './otpauthTotp.js';
export { systemClock } from './systemClock.js';
export { createCryptoPorts, type CryptoPorts } from './cryptoPorts.js';
