import { describe, expect, it } from "vitest";
import { formatters } from "#app/i18n/index.ts";
import { zodErrorMap } from "#app/i18n/validation.ts";
import { ChangePasswordForm, SetPasswordForm } from "#app/schemas/password.ts";
import { checkPasswordPolicy, passwordProblem } from "#app/utils/password-policy.server.ts";

const owner = { email: "Kaisa.Virtanen@pohjola.example", name: "Kaisa Virtanen" };

describe("password policy", () => {
  it("takes 12 to 200 characters", () => {
    expect(passwordProblem("tuuli ja meri")).toBeNull();
    expect(passwordProblem("a".repeat(5) + "bcdefg")).toBe("password.tooShort");
    expect(passwordProblem("Kesäyön usva laskeutuu järvelle ".repeat(7))).toBe("password.tooLong");
    expect(passwordProblem("kettu juoksi ".repeat(15).slice(0, 200))).toBeNull();
  });

  it("refuses common passwords from the list, whatever their case", () => {
    for (const common of ["password1234", "PASSWORD1234", "qwertyuiop12", "123456789012", "1qaz2wsx3edc", "QwErTy123456"]) {
      expect([common, passwordProblem(common)]).toEqual([common, "password.common"]);
    }
  });

  it("refuses a common word dressed up with digits and symbols, or repeated", () => {
    for (const weak of ["Password2024!", "!!dragon!!!!!", "Sunshine123456", "iloveyou1234", "aaaaaaaaaaaaa", "abcabcabcabc", "monkeymonkeymonkey"]) {
      expect([weak, passwordProblem(weak)]).toEqual([weak, "password.common"]);
    }
    // Real passphrases are left alone, including ones that contain a common word.
    for (const fine of ["correct horse battery staple", "dragon fruit on tuesdays", "2024-summer-holidays", "Mökki järven rannalla"]) {
      expect([fine, passwordProblem(fine)]).toEqual([fine, null]);
    }
  });

  it("refuses the person's own e-mail address, its name part, or their name", () => {
    for (const personal of ["kaisa.virtanen@pohjola.example", "KAISA.VIRTANEN", "kaisa virtanen ", "KaisaVirtanen"]) {
      expect([personal, passwordProblem(personal.length >= 12 ? personal : personal.padEnd(12, " "), owner)]).toEqual([
        personal,
        "password.personal",
      ]);
    }
    expect(passwordProblem("kaisa.virtanen@pohjola.example")).toBeNull();
  });

  it("puts a clear message at the password field, in English and in Finnish", () => {
    const schema = SetPasswordForm.superRefine(checkPasswordPolicy("password", owner));
    const en = schema.safeParse({ password: "Password2024!", confirm: "Password2024!" }, { error: zodErrorMap(formatters("en").t) });
    expect(en.success).toBe(false);
    expect(en.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["password", "This password is too common and easy to guess. Choose another, for example a few unrelated words."],
    ]);
    const fi = schema.safeParse({ password: "Kaisa Virtanen", confirm: "Kaisa Virtanen" }, { error: zodErrorMap(formatters("fi").t) });
    expect(fi.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", "Älä käytä salasanana sähköpostiosoitettasi tai nimeäsi."]]);
  });

  it("checks length and the repeated entry in the shared schemas the browser runs too", () => {
    const t = formatters("en").t;
    const short = ChangePasswordForm.safeParse({ current_password: "x", password: "short", confirm: "short" }, { error: zodErrorMap(t) });
    expect(short.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", "Use at least 12 characters."]]);
    const mismatch = SetPasswordForm.safeParse({ password: "tuuli ja meri", confirm: "tuuli ja maa" }, { error: zodErrorMap(t) });
    expect(mismatch.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["confirm", "The passwords do not match."]]);
  });
});
