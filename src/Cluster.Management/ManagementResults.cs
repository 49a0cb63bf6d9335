using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Http;

namespace Akka.Payments.Management;

/// <summary>Answers of the management routes: a contract record written with <see cref="ManagementJsonContext"/>,
/// or an <see cref="ErrorResponse"/> with its status code.</summary>
public static class ManagementResults
{
    public static IResult Json<T>(T body, JsonTypeInfo<T> type, int? statusCode = null) =>
        Results.Json(body, type, statusCode: statusCode);

    public static IResult Error(string error, int statusCode) =>
        Results.Json(new ErrorResponse(error), ManagementJsonContext.Default.ErrorResponse, statusCode: statusCode);
}
