using System.Globalization;
using System.Text.RegularExpressions;
using MedicalContent.Model;
using MedicalContent.Serialization;

namespace MedicalContent.Validation;

/// <summary>
/// The written form of a code in each clinical code system, with the check digits SNOMED CT (Verhoeff) and LOINC
/// (mod 10) carry. A well-formed code can still be the wrong concept: this catches typing and copying errors, not
/// choices, which is why codes are also confirmed against the code system's published sources.
/// </summary>
public static partial class ClinicalCodes
{
    [GeneratedRegex(@"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10Cm();

    [GeneratedRegex(@"^[1-9][0-9]{5,17}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SnomedCt();

    [GeneratedRegex(@"^[1-9][0-9]{0,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RxNorm();

    [GeneratedRegex(@"^[CD][0-9]{6,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Mesh();

    [GeneratedRegex(@"^([1-9][0-9]{0,7})-([0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Loinc();

    /// <summary>What is wrong with <paramref name="code"/> as a code of <paramref name="system"/>, or null when it is well formed.</summary>
    public static string? Problem(CodeSystem system, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return system switch
        {
            CodeSystem.Icd10Cm => Icd10Cm().IsMatch(code)
                ? null
                : $"'{code}' is not an ICD-10-CM code: a capital letter, a digit, a digit or capital letter, then optionally a dot and 1 to 4 digits or capital letters (e.g. E11.9, R73.03, E88.819)",
            CodeSystem.SnomedCt => !SnomedCt().IsMatch(code)
                ? $"'{code}' is not a SNOMED CT identifier: 6 to 18 digits, not starting with 0 (e.g. 73211009)"
                : Verhoeff.IsValid(code) ? null : $"'{code}' fails the SNOMED CT check digit (Verhoeff): look for a mistyped or swapped digit",
            CodeSystem.RxNorm => RxNorm().IsMatch(code)
                ? null
                : $"'{code}' is not an RxNorm concept id (RxCUI): 1 to 10 digits, not starting with 0 (e.g. 6809)",
            CodeSystem.Mesh => Mesh().IsMatch(code)
                ? null
                : $"'{code}' is not a MeSH id: D (descriptor) or C (supplementary concept) followed by 6 to 9 digits (e.g. D007333)",
            CodeSystem.Loinc => LoincProblem(code),
            _ => $"unknown code system {system}",
        };
    }

    /// <summary>The system's name as documents write it ("ICD-10-CM", "SNOMED CT").</summary>
    public static string Name(CodeSystem system) => ArticleValidator.JsonName(system, CoreJsonContext.Default.CodeSystem);

    private static string? LoincProblem(string code)
    {
        var match = Loinc().Match(code);
        if (!match.Success)
        {
            return $"'{code}' is not a LOINC code: digits, a hyphen and a check digit (e.g. 4548-4)";
        }

        var body = match.Groups[1].Value;
        var expected = LoincCheckDigit(body);
        return match.Groups[2].Value[0] == expected
            ? null
            : $"'{code}' fails the LOINC check digit: {body} takes {expected} (mod 10); look for a mistyped digit";
    }

    /// <summary>
    /// The LOINC check digit of <paramref name="body"/> (the digits before the hyphen), by the LOINC Users' Guide's
    /// mod 10: from the right, digits in odd positions are doubled, the digits of every product and of the other
    /// digits are summed, and the check digit takes the sum up to the next multiple of ten. Doubling each digit and
    /// summing the products' digits equals the guide's wording (join the odd-position digits, double that number).
    /// </summary>
    internal static char LoincCheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit / 10 + digit % 10;
            }

            sum += digit;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>The Verhoeff dihedral check digit SNOMED CT identifiers end with.</summary>
    internal static class Verhoeff
    {
        private static readonly int[,] Multiplication =
        {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
            { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
            { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
            { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
            { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
            { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
            { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
            { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
            { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
        };

        private static readonly int[,] Permutation =
        {
            { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
            { 1, 5, 7, 6, 2, 8, 3, 0, 9, 4 },
            { 5, 8, 0, 3, 7, 9, 6, 1, 4, 2 },
            { 8, 9, 1, 6, 0, 4, 3, 5, 2, 7 },
            { 9, 4, 5, 3, 1, 2, 6, 8, 7, 0 },
            { 4, 2, 8, 6, 5, 7, 3, 9, 0, 1 },
            { 2, 7, 9, 3, 8, 0, 6, 4, 1, 5 },
            { 7, 0, 4, 6, 9, 1, 3, 2, 5, 8 },
        };

        private static readonly int[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

        /// <summary>Whether the digits, check digit last, pass.</summary>
        public static bool IsValid(string digits) => Checksum(digits, withCheckDigit: true) == 0;

        /// <summary>The check digit to append to <paramref name="digits"/>.</summary>
        public static char CheckDigit(string digits) =>
            Inverse[Checksum(digits, withCheckDigit: false)].ToString(CultureInfo.InvariantCulture)[0];

        private static int Checksum(string digits, bool withCheckDigit)
        {
            var check = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                var digit = digits[digits.Length - 1 - i] - '0';
                var position = withCheckDigit ? i : i + 1;
                check = Multiplication[check, Permutation[position % 8, digit]];
            }

            return check;
        }
    }
}
