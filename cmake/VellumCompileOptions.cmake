# Warnings as errors on our own code only (dependencies are included as SYSTEM headers).
add_library(vellum_warnings INTERFACE)
target_compile_options(vellum_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)

# -fopenmp-simd lets `#pragma omp simd` vectorise float reductions without an OpenMP runtime.
add_library(vellum_simd INTERFACE)
target_compile_options(vellum_simd INTERFACE -fopenmp-simd)

if(VELLUM_SANITIZE)
  message(STATUS "Building with sanitizers: ${VELLUM_SANITIZE}")
  add_compile_options(-fsanitize=${VELLUM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${VELLUM_SANITIZE})
endif()

# Applies our warning policy to a target.
function(vellum_strict target)
  target_link_libraries(${target} PRIVATE vellum_warnings)
endfunction()
