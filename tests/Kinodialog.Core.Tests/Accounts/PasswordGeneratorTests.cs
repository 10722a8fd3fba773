using Kinodialog.Core.Accounts;

namespace Kinodialog.Core.Tests.Accounts;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void Generated_passwords_are_long_unambiguous_and_different()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PasswordGenerator.Generate()).ToList();
        Assert.Equal(passwords.Count, passwords.Distinct(StringComparer.Ordinal).Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(19, p.Length);
            Assert.Matches("^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$", p);
            Assert.DoesNotContain(p, c => c is '0' or 'O' or '1' or 'l' or 'I');
            Assert.True(p.Distinct().Count() >= 5);
        });
    }

    [Fact]
    public void Fewer_than_three_groups_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(2));
}
