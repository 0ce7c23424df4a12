package org.saferwayout.agency.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.saferwayout.agency.domain.DomainRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * Every error leaves as RFC 9457 problem+json with fixed wording: request values, exception messages and
 * stack traces never reach the caller (they could carry a survivor's data). Validation problems name the
 * offending fields, not their values.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String INVALID_FIELDS = "Some fields are missing or invalid.";

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such record at this agency.");
    }

    @ExceptionHandler(DomainRuleViolation.class)
    ProblemDetail refused(DomainRuleViolation e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create("urn:saferwayout:problem:" + e.code()));
        problem.setTitle("Refused by a domain rule");
        return problem;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Not permitted for this agency or role.");
    }

    /** Constraints on request parameters of a {@code @Validated} controller (e.g. an inbox page size). */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameters(ConstraintViolationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, INVALID_FIELDS);
        problem.setProperty("invalidFields", e.getConstraintViolations().stream()
                .map(ConstraintViolation::getPropertyPath).map(ProblemDetailsAdvice::leafName)
                .distinct().sorted().toList());
        return problem;
    }

    /**
     * Spring Security's firewall checks header values when they are first read, which can be inside a handler:
     * such a request is malformed (400), not a failure of this service.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request's URL or headers are not acceptable.");
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        // The exception's message may quote data; log its type and stack only, under an incident id.
        log.error("Unexpected {} (incident {})", e.getClass().getName(), incident, withoutMessage(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong; nothing was changed by this request unless its result says so.");
        problem.setProperty("incident", incident);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (causedByOversizedBody(e)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    RequestBodyLimitFilter.TOO_LARGE);
            return respond(e, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape (unknown fields are refused).");
        return respond(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Some fields are missing or invalid.");
        List<String> fields = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField()).distinct().sorted().toList();
        problem.setProperty("invalidFields", fields);
        return respond(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path variable or request parameter of the wrong type: named, its value never quoted. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, INVALID_FIELDS);
        problem.setProperty("invalidFields", e.getPropertyName() == null ? List.of() : List.of(e.getPropertyName()));
        return respond(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Every problem Spring MVC builds by default ends here. Their details can quote the request (an unknown
     * path, a header's value), so they are replaced with fixed text; status, title and headers (e.g. Allow)
     * stay. The problems written above go straight to {@link #respond}.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "This request cannot be handled as sent.");
        return respond(e, problem, headers, status, request);
    }

    private ResponseEntity<Object> respond(Exception e, ProblemDetail problem, HttpHeaders headers,
                                           HttpStatusCode status, WebRequest request) {
        return super.handleExceptionInternal(e, problem, headers, status, request);
    }

    private static String leafName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }

    private static boolean causedByOversizedBody(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.RequestBodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable withoutMessage(Throwable e) {
        Throwable copy = new Throwable(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
