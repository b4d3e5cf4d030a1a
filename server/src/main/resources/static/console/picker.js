// A people picker's search box sits inside the form it fills: Enter there must not send the form
// half-chosen (the search runs as the person types).
document.addEventListener('keydown', function (event) {
  if (event.key === 'Enter' && event.target.matches('.picker input[type="search"]')) {
    event.preventDefault();
  }
});
