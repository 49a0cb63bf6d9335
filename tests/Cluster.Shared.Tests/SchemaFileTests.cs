using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Validation;
using Json.Schema;

namespace Akka.Payments.Shared.Tests;

/// <summary>The checked-in <c>schemas/*.json</c> agree with the C# records and with <see cref="EventDataValidator"/>.</summary>
public class SchemaFileTests
{
    private static readonly Dictionary<string, JsonSchema> Loaded = new();

    public static IEnumerable<object[]> Types() => EventCatalog.All.Select(e => new object[] { e.Type });

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_properties_and_required_list_are_the_camel_case_properties_of_the_record(string type)
    {
        var file = JsonNode.Parse(File.ReadAllText(SchemaPath(type)))!;
        // What the JSON holds: computed properties marked [JsonIgnore] are not data.
        var expected = EventCatalog.For(type)!.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order().ToList();

        Assert.Equal(expected, file["properties"]!.AsObject().Select(p => p.Key).Order().ToList());
        Assert.Equal(expected, file["required"]!.AsArray().Select(n => n!.GetValue<string>()).Order().ToList());
        Assert.Equal(expected, EventCatalog.For(type)!.Fields.Select(f => f.Name).Order().ToList());
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", file["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Every_catalog_entry_has_a_schema_file_and_every_schema_file_has_a_catalog_entry()
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "schemas"), "*.json")
            .Select(f => "schemas/" + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        var catalog = EventCatalog.All.Select(e => e.SchemaFile).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files, catalog);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_file_names_its_type_in_its_id_and_title(string type)
    {
        var file = JsonNode.Parse(File.ReadAllText(SchemaPath(type)))!;

        Assert.Equal($"urn:akka-payments:schema:{type}", file["$id"]!.GetValue<string>());
        Assert.Equal(type, file["title"]!.GetValue<string>());
    }

    public static IEnumerable<object[]> Instances()
    {
        foreach (var schema in EventCatalog.All)
        {
            var valid = ValidInstance(schema.Type);
            yield return [schema.Type, "the sample", valid.ToJsonString()];
            yield return [schema.Type, "an extra field", With(valid, "extra", "{\"x\":1}")];
            yield return [schema.Type, "an array", "[]"];
            foreach (var field in schema.Fields)
            {
                yield return [schema.Type, $"{field.Name} missing", With(valid, field.Name, null)];
                foreach (var value in ValuesFor(field.Kind))
                    yield return [schema.Type, $"{field.Name} = {value}", With(valid, field.Name, value)];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void The_schema_file_and_the_validator_give_the_same_verdict(string type, string description, string json)
    {
        using var document = JsonDocument.Parse(json);
        var bySchema = Schema(type).Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true }).IsValid;
        var byValidator = EventDataValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json), EventCatalog.For(type)!);

        Assert.True(bySchema == (byValidator is null),
            $"{description}: schema says {(bySchema ? "valid" : "invalid")}, validator says {byValidator?.Error ?? "valid"}");
        if (byValidator is not null) Assert.Equal(DeadLetterReasons.SchemaViolation, byValidator.Reason);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_file_states_the_limits_of_InputLimits(string type)
    {
        var properties = JsonNode.Parse(File.ReadAllText(SchemaPath(type)))!["properties"]!.AsObject();
        foreach (var field in EventCatalog.For(type)!.Fields)
        {
            var p = properties[field.Name]!;
            switch (field.Kind)
            {
                case FieldKind.Id:
                    Assert.Equal((1, InputLimits.MaxIdLength), (p["minLength"]!.GetValue<int>(), p["maxLength"]!.GetValue<int>()));
                    break;
                case FieldKind.Text:
                    Assert.Equal(InputLimits.MaxAttributeLength, p["maxLength"]!.GetValue<int>());
                    break;
                case FieldKind.Amount:
                    Assert.Equal(InputLimits.MaxAmount, p["maximum"]!.GetValue<decimal>());
                    break;
                case FieldKind.Balance:
                    Assert.Equal(InputLimits.MaxBalance, p["maximum"]!.GetValue<decimal>());
                    break;
                case FieldKind.Time:
                    // JSON Schema 2020-12 has no date range: the annotations state the exact instants the validator enforces.
                    Assert.Equal(InputLimits.MinTime, DateTimeOffset.Parse(p["formatMinimum"]!.GetValue<string>(), CultureInfo.InvariantCulture));
                    Assert.Equal(InputLimits.EndTime, DateTimeOffset.Parse(p["formatExclusiveMaximum"]!.GetValue<string>(), CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static IEnumerable<string> ValuesFor(FieldKind kind) => kind switch
    {
        FieldKind.Id => ["\"\"", $"\"{new string('a', 64)}\"", $"\"{new string('a', 65)}\"", $"\"{new string('ü', 64)}\"", "123", "null",
            "\"a\\u0000b\"", "\"tab\\there\"", "\"\\u202Eevil\"", "\"zero\\u200Bwidth\"", "\"line\\u2028sep\"", "\"\\uE000\"", "\"caf\u00e9-\u5317\u4eac\""],
        FieldKind.Amount => ["0.01", "5", "1e2", "12.50", "\"1.00\"", "1.005", "0", "-1", "true", "1000000000", "999999999.99", "1000000000.01", "1e10"],
        FieldKind.Balance => ["0", "0.01", "-0.01", "1.001", "\"5\"", "1000000000000000", "1000000000000000.01"],
        FieldKind.Currency => ["\"CHF\"", "\"eur\"", "\"EURO\"", "\"E1R\"", "\"EU\""],
        FieldKind.Country => ["\"CH\"", "\"DEU\"", "\"de\"", "\"D\""],
        FieldKind.Time => ["\"2026-11-26T14:00:00+02:00\"", "\"2026-11-26T14:00:00Z\"", "\"2026-11-26T14:00:00.1234567Z\"",
            "\"yesterday\"", "\"2026-11-26 14:00:00Z\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-26T14:00:00\"", "\"2026-11-26\"", "0",
            "\"2000-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59.999Z\"", "\"2099-12-31T23:59:59.9999999Z\"", "\"2100-01-01T00:00:00Z\"",
            "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\""],
        FieldKind.Text => ["\"x\"", "\"\"", "1", $"\"{new string('t', 256)}\"", $"\"{new string('t', 257)}\"", "\"a\\nb\""],
        FieldKind.Version => ["0", "42", "-1", "1.5", "\"1\""],
        FieldKind.DeclineReason => ["\"insufficient_funds\"", "\"nope\"", "1"],
        FieldKind.ClosingRevision => ["1", "0", "2", "-1", "1.5", "\"1\"", "null"],
        FieldKind.RestatedRevision => ["2", "3", "2147483647", "2147483648", "1", "0", "2.5", "\"2\"", "null"],
        FieldKind.CurrencyTotals => ["{}", "{\"EUR\":{\"count\":1,\"amount\":0.01}}", "{\"EUR\":{\"count\":2,\"amount\":1e2,\"extra\":[1]}}",
            "{\"EUR\":{\"count\":9223372036854775807,\"amount\":79228162514264337593543950335}}",
            "{\"eur\":{\"count\":1,\"amount\":1}}", "{\"EURO\":{\"count\":1,\"amount\":1}}", "{\"\":{\"count\":1,\"amount\":1}}",
            "{\"EUR\":{\"count\":0,\"amount\":1}}", "{\"EUR\":{\"count\":1.5,\"amount\":1}}", "{\"EUR\":{\"count\":9223372036854775808,\"amount\":1}}",
            "{\"EUR\":{\"count\":1,\"amount\":0}}", "{\"EUR\":{\"count\":1,\"amount\":-1}}", "{\"EUR\":{\"count\":1,\"amount\":1.005}}",
            "{\"EUR\":{\"count\":1,\"amount\":\"1.00\"}}", "{\"EUR\":{\"count\":1}}", "{\"EUR\":{\"amount\":1}}", "{\"EUR\":1}",
            "{\"EUR\":[]}", "{\"EUR\":null}", "[]", "null", "1"],
        FieldKind.DeclineCounts => ["{}", "{\"insufficient_funds\":1,\"velocity_exceeded\":9223372036854775807}", "{\"nope\":1}",
            "{\"insufficient_funds\":0}", "{\"insufficient_funds\":-1}", "{\"insufficient_funds\":1.5}", "{\"insufficient_funds\":\"1\"}",
            "{\"insufficient_funds\":{}}", "[]", "null", "\"insufficient_funds\""],
        FieldKind.DeadLetterCounts => ["{}", "{\"schema_violation\":2,\"decision_failed\":1}", "{\"someone_else's_reason\":1}",
            $"{{\"{new string('r', 256)}\":1}}", $"{{\"{new string('r', 257)}\":1}}", "{\"\":1}", "{\"a\\u0000b\":1}", "{\"\\u202Eevil\":1}",
            "{\"oversize\":0}", "{\"oversize\":2.5}", "{\"oversize\":\"1\"}", "[]", "null"],
        FieldKind.Latency => [Latency(), Latency(extra: ",\"p999Micros\":1"), Latency("p50Micros", "-1"), Latency("p95Micros", "1.5"),
            Latency("p99Micros", "\"1\""), Latency("maxMicros", "null"), Latency("slaMisses", "9223372036854775808"), Latency("count", null),
            Latency("slaMisses", null), "[]", "null", "0"],
        FieldKind.Quality => [Quality(), Quality("deadLetterShare", "0"), Quality("deadLetterShare", "1"), Quality("deadLetterShare", "1.0001"),
            Quality("deadLetterShare", "-0.1"), Quality("deadLetterShare", "\"0.5\""), Quality("deadLetterShare", null),
            Quality("lateRecords", "-1"), Quality("negativeLatencies", "0.5"), Quality("withoutInputTime", null), Quality(extra: ",\"x\":{}"),
            "[]", "null"],
        FieldKind.Count => ["0", "3", "2147483647", "2147483648", "-1", "1.5", "\"2\"", "null"],
        FieldKind.ScaleReason => ["\"lag_seconds\"", "\"manual\"", "\"bounds\"", "\"whim\"", "\"\"", "1", "null"],
        FieldKind.ScaleSignals => ["null", "{}", "{\"lag\":1}", "[]", "1", "\"x\""],
        _ => [],
    };

    private static string Latency(string? member = "count", string? value = "3", string extra = "") =>
        Members(["count", "p50Micros", "p95Micros", "p99Micros", "maxMicros", "slaMisses"], "3", member, value, extra);

    private static string Quality(string? member = "deadLetterShare", string? value = "0.25", string extra = "") =>
        Members(["deadLetterShare", "duplicateOutcomes", "duplicateDeadLetters", "lateRecords", "withoutInputTime", "negativeLatencies"], "0",
            member, value, extra);

    /// <summary>An object with every one of <paramref name="members"/> set to <paramref name="valid"/>, except
    /// <paramref name="member"/>: set to <paramref name="value"/>, or left out when that is null.</summary>
    private static string Members(string[] members, string valid, string? member, string? value, string extra) =>
        "{" + string.Join(",", members.Where(m => m != member || value is not null)
            .Select(m => $"\"{m}\":{(m == member ? value : valid)}")) + extra + "}";

    private static JsonObject ValidInstance(string type)
    {
        var sample = Samples.Events().Single(e => EventCatalog.Of(e).Type == type);
        return JsonNode.Parse(EventCatalog.Of(sample).Serialize(sample))!.AsObject();
    }

    private static string With(JsonObject valid, string property, string? rawValue)
    {
        var copy = valid.DeepClone().AsObject();
        copy.Remove(property);
        if (rawValue is not null) copy[property] = JsonNode.Parse(rawValue);
        return copy.ToJsonString();
    }

    private static JsonSchema Schema(string type)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(type, out var schema))
                Loaded[type] = schema = JsonSchema.FromText(File.ReadAllText(SchemaPath(type)));
            return schema;
        }
    }

    private static string SchemaPath(string type) => Path.Combine(RepoRoot(), EventCatalog.For(type)!.SchemaFile);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Akka.Payments.sln"))) return dir.FullName;
        throw new InvalidOperationException("Akka.Payments.sln not found above " + AppContext.BaseDirectory);
    }
}
