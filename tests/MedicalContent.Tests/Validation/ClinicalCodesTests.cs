using MedicalContent.Model;
using MedicalContent.Validation;

namespace MedicalContent.Tests.Validation;

public class ClinicalCodesTests
{
    // SNOMED CT concept ids confirmed in docs/editorial/reference-checks.md (73211009: a published SNOMED CT value set).
    public static TheoryData<string> SnomedIds() => ["73211009", "44054006", "763325000", "714628002", "237602007", "237055002", "69878008"];

    [Theory]
    [MemberData(nameof(SnomedIds))]
    public void TheVerhoeffCheckDigitOfARealSnomedIdIsItsLastDigit(string id)
    {
        Assert.Equal(id[^1], ClinicalCodes.Verhoeff.CheckDigit(id[..^1]));
        Assert.True(ClinicalCodes.Verhoeff.IsValid(id));
    }

    [Theory]
    [MemberData(nameof(SnomedIds))]
    public void VerhoeffCatchesEverySingleDigitErrorAndEveryAdjacentSwap(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            foreach (var digit in "0123456789".Where(d => d != id[i]))
            {
                Assert.False(ClinicalCodes.Verhoeff.IsValid(id[..i] + digit + id[(i + 1)..]), $"{id} with {digit} at {i}");
            }

            if (i + 1 < id.Length && id[i] != id[i + 1])
            {
                Assert.False(ClinicalCodes.Verhoeff.IsValid(id[..i] + id[i + 1] + id[i] + id[(i + 2)..]), $"{id} swapped at {i}");
            }
        }
    }

    // LOINC codes confirmed in docs/editorial/reference-checks.md; the check digit is the LOINC Users' Guide's mod 10.
    [Theory]
    [InlineData("4548-4")]
    [InlineData("1558-6")]
    [InlineData("20436-2")]
    [InlineData("20437-0")]
    [InlineData("20438-8")]
    public void TheLoincCheckDigitOfARealCodeIsItsLastDigit(string code)
    {
        Assert.Equal(code[^1], ClinicalCodes.LoincCheckDigit(code[..^2]));
        Assert.Null(ClinicalCodes.Problem(CodeSystem.Loinc, code));
    }

    [Theory]
    [InlineData(CodeSystem.Icd10Cm, "ICD-10-CM")]
    [InlineData(CodeSystem.SnomedCt, "SNOMED CT")]
    [InlineData(CodeSystem.RxNorm, "RxNorm")]
    [InlineData(CodeSystem.Mesh, "MeSH")]
    [InlineData(CodeSystem.Loinc, "LOINC")]
    public void SystemsAreNamedAsDocumentsWriteThem(CodeSystem system, string name)
    {
        Assert.Equal(name, ClinicalCodes.Name(system));
    }

    // MeSH descriptors confirmed in docs/editorial/reference-checks.md.
    [Theory]
    [InlineData("D008687")]
    [InlineData("D024821")]
    [InlineData("D011085")]
    public void MeshAcceptsDescriptorIds(string code)
    {
        Assert.Null(ClinicalCodes.Problem(CodeSystem.Mesh, code));
    }
}
