/**
 * Step-up authentication (RFC 9470): what a resource requires of how, and how recently, its caller
 * authenticated ({@code acr}, {@code auth_time}), globally, per path and per JAX-RS resource method, and
 * the check of an accepted token against it. A shortfall is refused with 401
 * {@code insufficient_user_authentication} naming the requirement ({@code acr_values}, {@code max_age}),
 * rendered by {@link org.jwtgate.error.ErrorResponses}.
 */
package org.jwtgate.stepup;
