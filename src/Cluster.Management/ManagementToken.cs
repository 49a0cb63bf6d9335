using System.Security.Cryptography;
using System.Text;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Management;

/// <summary>The token mutating routes require.</summary>
public sealed class ManagementToken(string value)
{
    public string Value { get; } = value;

    public bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));

    /// <summary>The configured token, or a new random one written to the data dir with mode 0600.</summary>
    public static ManagementToken ConfiguredOrGenerated(ManagementOptions options, out string? writtenTo)
    {
        writtenTo = null;
        if (options.Token is not null) return new ManagementToken(options.Token);
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Directory.CreateDirectory(options.DataDir);
        writtenTo = Path.Combine(options.DataDir, ManagementEndpoint.TokenFileName);
        File.Delete(writtenTo);
        using (var stream = OperatingSystem.IsWindows()
                   ? new FileStream(writtenTo, FileMode.CreateNew, FileAccess.Write)
                   : new FileStream(writtenTo, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew,
                       Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
        using (var writer = new StreamWriter(stream))
            writer.WriteLine(value);
        return new ManagementToken(value);
    }
}
