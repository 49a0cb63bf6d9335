using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Akka.Actor;
using Akka.Payments.Shared.Serialization;

namespace Akka.Payments.Shared.Tests;

/// <summary>
/// Stored journals and in-flight messages outlive the code that wrote them: the v1 bytes checked in under
/// <c>Fixtures/journal-v1</c> (written once by <see cref="WriteMissingFixtures"/>) must still
/// deserialize to the values they were written from. A renamed property, a changed naming policy or a lost
/// discriminator fails here before it fails a recovery.
/// </summary>
public sealed class JournalFixtureTests : IDisposable
{
    public const string WriteVariable = "PAYMENTS_WRITE_JOURNAL_FIXTURES";

    private readonly ActorSystem _system = ActorSystem.Create("journal-fixtures", PaymentsSerialization.Config);

    public static TheoryData<string> Names() => new(JournalFixtures.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void Stored_v1_bytes_still_deserialize_to_the_value_they_were_written_from(string name)
    {
        var fixture = Fixture.Read(name);
        var expected = JournalFixtures.All[name];

        var back = _system.Serialization.Deserialize(fixture.Bytes, fixture.SerializerId, fixture.Manifest);

        Assert.IsType(expected.GetType(), back);
        // Compared through today's writer: every property, decimal scale and time offset included. As text first, for a
        // readable difference; then as bytes, since some manifests carry bytes that are not UTF-8 (trust.snapshot.v3).
        var written = PaymentsSerializer.Encode(expected).Bytes;
        var rewritten = PaymentsSerializer.Encode(back).Bytes;
        Assert.Equal(Text(written), Text(rewritten));
        Assert.Equal(written, rewritten);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_value_is_still_written_as_its_fixture_holds_it_until_its_type_gets_a_new_manifest_version(string name)
    {
        var fixture = Fixture.Read(name);
        var expected = JournalFixtures.All[name];
        var serializer = _system.Serialization.FindSerializerFor(expected);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, expected);

        Assert.Equal(fixture.SerializerId, serializer.Identifier);
        if (manifest != fixture.Manifest)
        {
            // A new shape under a new version: the v1 bytes stay readable (the spec above); nothing else changes.
            Assert.Equal(Stem(fixture.Manifest), Stem(manifest));
            return;
        }
        var bytes = serializer.ToBinary(expected);
        Assert.Equal(Text(fixture.Bytes), Text(bytes));
        Assert.Equal(fixture.Bytes, bytes);
    }

    [Fact]
    public void Every_manifest_and_every_type_the_serializer_carries_is_bound_to_it_and_has_a_fixture()
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1") WriteMissingFixtures();
        var manifests = typeof(PaymentsManifests).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet();
        var carried = PaymentsSerialization.BoundTypes.Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } &&
                        (PaymentsManifests.For(t) is not null || PaymentsSerialization.BoundTypes.Any(b => b.IsAssignableFrom(t))))
            .ToList();
        Assert.NotEmpty(carried);

        var unbound = carried.Where(t => _system.Serialization.FindSerializerForType(t) is not PaymentsSerializer).Select(t => t.Name);
        Assert.True(!unbound.Any(), $"types with a manifest that would cross the wire with another serializer: {string.Join(", ", unbound)}");
        var noManifest = carried.Where(t => PaymentsManifests.For(t) is null).Select(t => t.Name);
        Assert.True(!noManifest.Any(), $"bound types the serializer has no manifest for: {string.Join(", ", noManifest)}");
        manifests.UnionWith(carried.Select(t => PaymentsManifests.For(t)!));

        var stored = Fixture.Files().Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        var orphans = stored.Where(f => !JournalFixtures.All.ContainsKey(f));
        Assert.True(!orphans.Any(), $"fixture files no spec reads: {string.Join(", ", orphans)}");
        var covered = stored.Select(f => Fixture.Read(f).Manifest).ToHashSet();
        var missing = manifests.Where(m => !covered.Contains(m)).Order(StringComparer.Ordinal);
        Assert.True(!missing.Any(),
            $"no v1 fixture for {string.Join(", ", missing)}: add a value to {nameof(JournalFixtures)} and run this class with {WriteVariable}=1");
    }

    /// <summary>
    /// The generator, run by the completeness check with <see cref="WriteVariable"/>=1: writes into the source tree the
    /// fixtures that do not exist yet, never rewriting one (v1 bytes are frozen). Rebuild to copy them to the output.
    /// </summary>
    private void WriteMissingFixtures()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Cluster.Shared.Tests", JournalFixtures.Folder);
        Directory.CreateDirectory(folder);
        foreach (var (name, value) in JournalFixtures.All)
        {
            var path = Path.Combine(folder, name + ".json");
            if (File.Exists(path)) continue;
            var serializer = Assert.IsType<PaymentsSerializer>(_system.Serialization.FindSerializerFor(value));
            var bytes = serializer.ToBinary(value);
            Fixture.Write(path, new Fixture(Akka.Serialization.Serialization.ManifestFor(serializer, value), serializer.Identifier, bytes));
        }
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string Stem(string manifest) => manifest[..manifest.LastIndexOf(".v", StringComparison.Ordinal)];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Payments.sln"))) return dir.FullName;
        throw new InvalidOperationException("Akka.Payments.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// One stored message: its manifest, serializer id and bytes (base64, authoritative). <c>text</c> is the same
    /// bytes as UTF-8 for reviewers, and must agree with them.
    /// </summary>
    private sealed record Fixture(string Manifest, int SerializerId, byte[] Bytes)
    {
        public static IEnumerable<string> Files() =>
            Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, JournalFixtures.Folder), "*.json");

        public static Fixture Read(string name)
        {
            var path = Path.Combine(AppContext.BaseDirectory, JournalFixtures.Folder, name + ".json");
            Assert.True(File.Exists(path), $"no fixture {name}.json: run {nameof(JournalFixtureTests)} with {WriteVariable}=1");
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var fixture = new Fixture(root.GetProperty("manifest").GetString()!, root.GetProperty("serializerId").GetInt32(),
                Convert.FromBase64String(root.GetProperty("bytes").GetString()!));
            Assert.Equal(root.GetProperty("text").GetString(), Text(fixture.Bytes));
            return fixture;
        }

        public static void Write(string path, Fixture fixture)
        {
            using var stream = File.Create(path);
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("manifest", fixture.Manifest);
                writer.WriteNumber("serializerId", fixture.SerializerId);
                writer.WriteString("bytes", Convert.ToBase64String(fixture.Bytes));
                writer.WriteString("text", Text(fixture.Bytes));
                writer.WriteEndObject();
            }
            stream.Write("\n"u8);
        }
    }

    public void Dispose() => _system.Dispose();
}
