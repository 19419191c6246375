import { InMemorySubjectKeyStore, PersonalDataVault, subjectKeyIdForEmail } from '../src/personal-data';

describe('personal data vault', () => {
  const contact = { name: 'Amina Yusuf', email: 'amina@example.org' };

  it('seals without leaving the clear text anywhere in the result', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const sealed = await vault.seal(subjectKeyIdForEmail(contact.email), contact);
    expect(sealed).toMatch(/^pd:v1:email-[0-9a-f]{32}\.1:/);
    expect(sealed).not.toContain('Amina');
    expect(sealed).not.toContain('amina@example.org');
    expect(await vault.open(sealed)).toEqual(contact);
  });

  it('gives one key per person, whatever the case of the address', () => {
    expect(subjectKeyIdForEmail('Amina@Example.org ')).toBe(subjectKeyIdForEmail('amina@example.org'));
  });

  it('makes every sealed copy unreadable once the key is erased', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const keyId = subjectKeyIdForEmail(contact.email);
    const first = await vault.seal(keyId, contact);
    const second = await vault.seal(keyId, { ...contact, phone: '+254700000000' });
    expect(await vault.erase(keyId)).toBe(true);
    expect(await vault.open(first)).toEqual({ erased: true });
    expect(await vault.open(second)).toEqual({ erased: true });
  });

  it('stores data given again after an erasure under a new key, the old copies staying unreadable', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const keyId = subjectKeyIdForEmail(contact.email);
    const before = await vault.seal(keyId, contact);
    await vault.erase(keyId);
    const after = await vault.seal(keyId, contact);
    expect(await vault.open(after)).toEqual(contact);
    expect(await vault.open(before)).toEqual({ erased: true });
  });

  it('detects a tampered cipher text', async () => {
    const vault = new PersonalDataVault(new InMemorySubjectKeyStore());
    const sealed = await vault.seal(subjectKeyIdForEmail(contact.email), contact);
    const parts = sealed.split(':');
    parts[5] = Buffer.from('tampered').toString('base64url');
    await expect(vault.open(parts.join(':'))).rejects.toThrow();
  });
});
