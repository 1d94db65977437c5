# cti-camel: build with Maven, run on a small JRE as a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app cti
WORKDIR /app
COPY --from=build /src/target/cti-camel.jar .
# routes, templates and cti.json are read from the working directory: mount your own to change them
COPY routes routes
COPY templates templates
COPY cti.json cti.json
USER cti
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "cti-camel.jar"]
