using DataPrep.Steps.Anonymize;
using DataPrep.Steps.Anonymize.Pii;

namespace DataPrep.Tests.Steps.Anonymize;

public sealed class PiiRedactorTests
{
    private static readonly PiiRedactor Redactor = new();

    [Theory]
    [InlineData("write to jane.doe+news@mail.example.co.uk today", "write to <EMAIL> today")]
    [InlineData("call +1 (415) 555-2671 now", "call <PHONE> now")]
    [InlineData("call +44 20 7946 0958.", "call <PHONE>.")]
    [InlineData("ring 0044 20 7946 0958", "ring <PHONE>")]
    [InlineData("office (212) 555-0198 or 212-555-0198 or 212.555.0198", "office <PHONE> or <PHONE> or <PHONE>")]
    [InlineData("mobile 07700 900123, Paris 01 23 45 67 89", "mobile <PHONE>, Paris <PHONE>")]
    [InlineData("card 4111-1111-1111-1111 ok", "card <CREDIT_CARD> ok")]
    [InlineData("amex 3782 822463 10005", "amex <CREDIT_CARD>")]
    [InlineData("iban DE89 3704 0044 0532 0130 00 paid", "iban <IBAN> paid")]
    [InlineData("IBAN:GB29NWBK60161331926819", "IBAN:<IBAN>")]
    [InlineData("from 192.168.0.17:8080 and 2001:db8::8a2e:370:7334", "from <IP_ADDRESS>:8080 and <IP_ADDRESS>")]
    [InlineData("ssn 123-45-6789.", "ssn <US_SSN>.")]
    [InlineData("repo https://bob:s3cr3t@git.example.com/x.git, done", "repo <URL_CREDENTIALS>, done")]
    public void Redact_Entity_Replaced(string text, string expected) => Redactor.Redact(text).Should().Be(expected);

    [Theory]
    [InlineData("order ORD-2024-558812 shipped")]
    [InlineData("on 2024-03-15 or 15/03/2024 at 10:30:00")]
    [InlineData("card 4111 1111 1111 1112 was declined")]
    [InlineData("iban DE89 3704 0044 0532 0130 01")]
    [InlineData("ssn 000-12-3456 and 666-12-3456 and 900-12-3456")]
    [InlineData("version 1.2.3, pi 3.14159, total $1,234.56, ref #48213377")]
    [InlineData("see https://git.example.com/x.git and a@b")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E, ratio 3:2")]
    public void Redact_LookAlike_Kept(string text) => Redactor.Redact(text).Should().Be(text);

    [Fact]
    public void Redact_NonAsciiText_OffsetsStayOnCharacters()
    {
        Redactor.Redact("Grüße an zoë@example.org und ñ 192.0.2.1 ✓").Should().Be("Grüße an zoë@example.org und ñ <IP_ADDRESS> ✓".Replace("zoë@example.org", "zoë@example.org"));
        Redactor.Redact("Grüße an zoe@example.org ✓").Should().Be("Grüße an <EMAIL> ✓");
    }

    [Fact]
    public void Redact_OnlyChosenEntities()
    {
        var emails = new PiiRedactor([PiiEntity.Email]);
        emails.Redact("a@example.com 123-45-6789").Should().Be("<EMAIL> 123-45-6789");
    }

    [Fact]
    public void Redact_CustomDetectorWithValidator()
    {
        var custom = new PiiRedactor([PiiEntity.Email], [
            new PiiDetectorOptions { Name = "employee_id", Pattern = @"\bEMP-\d{6}\b" },
            new PiiDetectorOptions { Name = "account", Pattern = @"\bACC\d{10}\b", Validator = PiiValidator.Luhn },
        ]);
        custom.Redact("EMP-123456 paid ACC0000000018 not ACC0000000019")
            .Should().Be("<EMPLOYEE_ID> paid <ACCOUNT> not ACC0000000019");
    }

    [Fact]
    public void Find_OverlappingDetections_EarlierLongerWins()
    {
        var matches = new List<PiiMatch>();
        Redactor.Find("x https://u:p@mail.example.com y"u8, matches);
        matches.Should().ContainSingle().Which.Detector.Should().Be((int)PiiEntity.UrlCredentials);
    }
}
