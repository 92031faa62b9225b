/** Microsoft's fictional companies: tenant names nobody mistakes for real customers. */
export const tenantNames = [
  'Contoso',
  'Fabrikam',
  'Northwind Traders',
  'Tailspin Toys',
  'Woodgrove Bank',
  'Adventure Works',
  'Litware',
  'Proseware',
  'Wide World Importers',
  'Alpine Ski House',
  'Coho Winery',
  'Fourth Coffee',
  'Lucerne Publishing',
  'Trey Research',
  'Humongous Insurance',
  'Relecloud',
  'Margies Travel',
  'Blue Yonder Airlines',
  'City Power and Light',
  'Graphic Design Institute',
] as const;

export const firstNames = [
  'Ada', 'Alan', 'Amara', 'Anouk', 'Bram', 'Carlos', 'Chen', 'Daan', 'Emma', 'Eva', 'Farah',
  'Femke', 'Grace', 'Hugo', 'Ines', 'Jasper', 'Julia', 'Kenji', 'Lars', 'Lotte', 'Lucas', 'Maria',
  'Mila', 'Noah', 'Nora', 'Omar', 'Priya', 'Ruben', 'Sanne', 'Sofia', 'Thijs', 'Yara', 'Zoe',
] as const;

export const lastNames = [
  'Jansen', 'de Vries', 'Bakker', 'Visser', 'Smit', 'Meijer', 'Mulder', 'Bos', 'Vos', 'Peters',
  'Hendriks', 'Dekker', 'Brouwer', 'Lovelace', 'Turing', 'Hopper', 'Garcia', 'Nakamura', 'Okafor',
  'Kowalski', 'Nguyen', 'Haddad', 'Fischer', 'Rossi', 'Silva', 'Novak', 'Larsen', 'Moreau',
] as const;

export const groupNames = [
  'staff',
  'engineering',
  'sales',
  'finance',
  'hr',
  'support',
  'operations',
  'contractors',
  'sspr-pilot',
] as const;

export const personalMailDomains = ['mail.example', 'inbox.example', 'post.example'] as const;

export const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
] as const;

/** What credential-stuffing scripts send. */
export const attackerUserAgents = ['python-requests/2.32.3', 'curl/8.11.0', 'Go-http-client/2.0'] as const;

/** Passphrase words: none is a first or last name above, so the name rule never trips on them. */
export const passphraseWords = [
  'Quartz', 'Harbor', 'Copper', 'Falcon', 'Ember', 'Glacier', 'Orchid', 'Tundra', 'Cobalt',
  'Meadow', 'Lantern', 'Saffron', 'Walrus', 'Pebble', 'Thistle', 'Canyon', 'Juniper', 'Marble',
  'Nebula', 'Otter', 'Prairie', 'Rocket', 'Sparrow', 'Tulip', 'Velvet', 'Willow', 'Zephyr',
] as const;

/** Weak passwords people try first; the password rules refuse them. */
export const weakPasswords = [
  'password1',
  'Password123',
  'welcome1',
  'Welcome2025!',
  'qwerty123',
  'letmein!',
  'Summer2025',
  'abc12345',
  'iloveyou1',
  'changeme',
] as const;
